# gatehouse en español: cada palabra que lee una persona, en las páginas, en los
# mensajes y en la línea de comandos. Copie este archivo en locales/<código>/ y
# traduzca el texto que sigue a cada "=" para agregar un idioma (consulte docs/TRANSLATING.md).
# Aquí no va HTML: las plantillas agregan el marcado alrededor de estos textos.

## El idioma

# El nombre del idioma en el propio idioma, tal como lo muestran el selector del pie de página y /account.
language-name = Español
# Cómo escribe este idioma una fecha y una hora ($day, $month, $year, $time).
datetime = { $day } { $month } { $year }, { $time }
month-1 = ene
month-2 = feb
month-3 = mar
month-4 = abr
month-5 = may
month-6 = jun
month-7 = jul
month-8 = ago
month-9 = sept
month-10 = oct
month-11 = nov
month-12 = dic
# Dentro de una frase («Funciona hasta el 9 de diciembre de 2026, a las 09:41.»): el mes completo.
datetime-long = { $day } de { $month } de { $year }, { $hour ->
        [1] a la
       *[other] a las
    } { $time }
month-long-1 = enero
month-long-2 = febrero
month-long-3 = marzo
month-long-4 = abril
month-long-5 = mayo
month-long-6 = junio
month-long-7 = julio
month-long-8 = agosto
month-long-9 = septiembre
month-long-10 = octubre
month-long-11 = noviembre
month-long-12 = diciembre

## La estructura de todas las páginas

skip-to-content = Ir al contenido
menu-label = Principal
menu-users = Usuarios
menu-audit = Registro de seguridad
menu-account = Su cuenta
badge-admin = admin
sign-out = Cerrar sesión
language-switch-label = Idioma
cancel = Cancelar
fields-need-attention = Hay que revisar algunos campos. Consulte los mensajes que aparecen más abajo.
password-length-hint = (de 8 a 72 caracteres)
pager-label = Páginas
pager-page-of = Página { $page } de { $pages }
pager-page = Página { $page }

## Roles y estados

role-admin = Administrador
role-member = Miembro
status-active = activo
status-disabled = desactivado
status-locked = bloqueado
status-passkey = llave de acceso
status-invited = invitación pendiente
status-two-factor = verificación en dos pasos

## Inicio de sesión

login-title = Iniciar sesión
login-email = Correo electrónico
login-password = Contraseña
login-remember = Mantener la sesión iniciada en este equipo
login-submit = Iniciar sesión
login-failed = El correo electrónico o la contraseña no son correctos. Revíselos e inténtelo de nuevo.
login-throttled = Ha habido demasiados intentos fallidos de inicio de sesión en esta cuenta o desde este equipo. Por seguridad, se ha bloqueado temporalmente el inicio de sesión: { $minutes ->
        [one] vuelva a intentarlo dentro de un minuto.
       *[other] vuelva a intentarlo dentro de { $minutes } minutos.
    } Si no recuerda su contraseña, pida a un administrador que le asigne una nueva.
login-setup-pending = Todavía no hay ninguna cuenta de administración. Abra el enlace de configuración que gatehouse mostró al iniciarse o ejecute este comando:
login-forgot = ¿Ha olvidado su contraseña?
login-forgot-ask = ¿Ha olvidado su contraseña? Pida a un administrador un enlace para restablecerla.
forgot-title = Elegir una contraseña nueva
forgot-intro = Escriba la dirección de correo electrónico de su cuenta. Si corresponde a una cuenta, recibirá en ella un enlace para elegir una contraseña nueva.
forgot-submit = Enviarme un enlace
forgot-sent = Si { $email } corresponde a una cuenta, le llegará en breve un enlace para elegir una contraseña nueva.
forgot-sent-hint = Revise su correo dentro de unos minutos, también la carpeta de correo no deseado. El enlace funciona una sola vez y durante un tiempo limitado. Si no llega nada, pida ayuda a un administrador.
forgot-back = Volver al inicio de sesión
forgot-throttled = Se han pedido demasiados enlaces para esta dirección o desde este equipo. Espere { $minutes ->
        [one] un minuto
       *[other] { $minutes } minutos
    } e inténtelo de nuevo, o pida ayuda a un administrador.
signed-out = Ha cerrado la sesión.

## Primera cuenta de administración

setup-heading = Crear la primera cuenta de administración
setup-intro = Con esta cuenta se gestionarán todas las demás. Iniciará sesión con ella en cuanto se cree.
setup-name = Su nombre
setup-email = Correo electrónico
setup-password = Contraseña
setup-password-confirm = Repita la contraseña
setup-submit = Crear la cuenta de administración
setup-done = Le damos la bienvenida, { $name }. Su cuenta es la primera con permisos de administración en este gatehouse.
setup-link-wrong-title = Este enlace de configuración no es válido
setup-link-wrong = Abra el enlace de configuración exactamente como lo mostró gatehouse al iniciarse. Para volver a verlo, detenga gatehouse e inícielo de nuevo.
setup-done-already-title = gatehouse ya está configurado
setup-done-already = Como ya existe una cuenta de administración, este enlace de configuración ha dejado de funcionar. Inicie sesión con su correo electrónico y su contraseña; si todavía no tiene cuenta, pida una invitación a un administrador.

## El directorio

users-title = Usuarios
users-count = { $count ->
        [one] Una persona
       *[other] { $count } personas
    }
users-count-matching = { $count ->
        [one] Una persona coincide con «{ $query }»
       *[other] { $count } personas coinciden con «{ $query }»
    }
users-more-than = Más de { $count } personas
users-more-than-matching = Más de { $count } personas coinciden con «{ $query }»
users-add = Agregar un usuario
users-search-label = Buscar por nombre o correo electrónico
users-search = Buscar
users-clear = Borrar búsqueda
users-name = Nombre
users-email = Correo electrónico
users-role = Rol
users-status = Estado
users-actions = Acciones
users-unlock = Desbloquear
users-edit = Editar
users-delete = Eliminar
users-none-match = Nadie coincide con «{ $query }». Pruebe con parte de un nombre o de una dirección de correo electrónico.
users-empty-page = No hay nadie en esta página.
users-first-page = Ir a la primera página
pager-previous = ← Anterior
pager-next = Siguiente →

## Agregar y modificar un usuario

user-new-title = Agregar un usuario
user-new-submit = Agregar usuario
user-edit-title = Editar los datos de { $name }
user-edit-yourself = Esta es su propia cuenta: su rol y su estado no cambian aquí (puede cambiarlos otra persona con permisos de administración), y su contraseña se cambia en la página «Su cuenta».
user-edit-dates = Se agregó el { $created } · se modificó por última vez el { $updated }
user-edit-submit = Guardar los cambios
user-edit-delete = Eliminar este usuario…
user-name = Nombre
user-email = Correo electrónico
user-password-new = Nueva contraseña
user-password-new-hint = (déjela en blanco para conservar la actual)
user-password-temporary = Contraseña temporal
user-password-temporary-hint = (de 8 a 72 caracteres; la persona elegirá la suya la primera vez que inicie sesión). Déjela en blanco para crear en su lugar un enlace de invitación, con el que la persona elegirá su contraseña.
user-role = Rol
user-role-member-hint = — ve el directorio y su propia cuenta
user-role-admin-hint = — además agrega, modifica y elimina usuarios
user-active = Activo
user-active-hint = — un usuario desactivado no puede iniciar sesión y sus sesiones se cierran de inmediato
user-created = Se ha agregado a { $name }. Comuníquele la contraseña temporal: elegirá una propia la primera vez que inicie sesión.
user-saved = Se han guardado los datos de { $name }.
user-saved-signed-out = Se han guardado los datos de { $name }. { $count ->
        [one] Se ha cerrado su única sesión.
       *[other] Se han cerrado sus { $count } sesiones.
    }
user-unlocked = { $name } ya puede volver a iniciar sesión.
user-deleted = Se ha eliminado a { $name }.

## Enlaces de invitación y para restablecer la contraseña

user-links-title = Enlaces
user-links-invited = { $name } todavía no ha aceptado la invitación. Un nuevo enlace de invitación sustituye al anterior.
user-links-reset = Con un enlace para restablecer la contraseña, { $name } puede elegir una contraseña nueva sin decírsela a nadie. Funciona una sola vez.
user-links-new-invite = Crear un nuevo enlace de invitación
user-links-make-reset = Crear un enlace para restablecer la contraseña
link-issued-invite-title = Invitación para { $name }
link-issued-reset-title = Enlace para restablecer la contraseña de { $name }
link-issued-invite = Se ha agregado a { $name } ({ $email }). Envíele este enlace: con él podrá elegir su contraseña e iniciar sesión.
link-issued-reset = Envíe este enlace a { $name } ({ $email }): con él podrá elegir una contraseña nueva. Hasta entonces, la contraseña actual de { $name } seguirá funcionando.
link-issued-copy = Enlace para copiar
link-issued-expires = Funciona hasta el { $until }.
link-issued-once = Es de un solo uso; un enlace más reciente lo sustituye.
link-issued-this-computer = Este enlace solo se abre en este equipo, porque ha abierto gatehouse en la dirección local del equipo. Para enviárselo a otra persona, abra gatehouse en la dirección que se usa desde otros equipos (el nombre de este equipo o su dirección en la red) o indique la opción public_url en Rocket.toml, y vuelva a crear el enlace.
link-choose-invite-title = Le damos la bienvenida, { $name }
link-choose-reset-title = Nueva contraseña para { $name }
link-choose-invite = Elija su contraseña. La sesión se iniciará de inmediato.
link-choose-reset = Elija una contraseña nueva. La sesión se iniciará de inmediato y se cerrarán sus sesiones en todos los demás dispositivos.
link-choose-submit = Guardar la contraseña e iniciar sesión
link-choose-code = Su cuenta usa la verificación en dos pasos: escriba también un código de su aplicación de autenticación (o un código de recuperación). No se cambiará nada hasta que el código sea correcto.
link-choose-passkey = Su cuenta usa la verificación en dos pasos: después de guardar la contraseña, use su llave de acceso. No se cambiará nada hasta entonces.
link-gone-title = Este enlace no se puede usar
link-gone-unknown = Este enlace no es válido: puede que esté mal copiado o que se haya eliminado la cuenta para la que se creó.
link-gone-expired = Este enlace ha caducado.
link-gone-used = Este enlace ya se ha usado.
link-gone-replaced = Se ha creado un enlace más reciente que este.
link-gone-disabled = Esta cuenta está desactivada.
link-gone-ask = Pida un enlace nuevo a un administrador.
link-refused-unknown = enlace desconocido
link-refused-expired = caducado
link-refused-used = ya usado
link-refused-replaced = sustituido por un enlace más reciente
link-refused-disabled = cuenta desactivada
detail-link-invite = enlace de invitación
detail-link-reset = enlace para restablecer la contraseña
detail-link-until = { $link }, válido hasta el { $until }
detail-link-refused = { $link }: { $why }
detail-mail-failed = correo no enviado: { $reason }
detail-required = por requisito de la oficina
detail-group = grupo: { $group }
detail-group-renamed = de «{ $from }» a «{ $to }»
detail-app = { $host }: { $who }
detail-app-two-factor = { $host }: { $who }, con verificación en dos pasos
detail-app-groups = las personas de { $groups }

## Verificación en dos pasos

two-factor-title = Verificación en dos pasos
two-factor-is-on = La verificación en dos pasos está activada: después de la contraseña, gatehouse le pide un código de su aplicación de autenticación.
two-factor-is-off = La verificación en dos pasos está desactivada. Con ella, una contraseña robada no basta: para iniciar sesión también hace falta un código de una aplicación de su teléfono.
two-factor-manage = Gestionar la verificación en dos pasos
two-factor-required = En su oficina es obligatorio usar la verificación en dos pasos: configúrela antes de continuar.
two-factor-app-asks = La aplicación de { $host } pide la verificación en dos pasos. Configúrela aquí y después vuelva a ella.
two-factor-back-to-app = Volver a { $host }
two-factor-start = Configurar la verificación en dos pasos
two-factor-codes-left = { $count ->
        [0] No le quedan códigos de recuperación: cree otros nuevos.
        [one] Le queda un código de recuperación.
       *[other] Le quedan { $count } códigos de recuperación.
    }
two-factor-new-codes = Nuevos códigos de recuperación
two-factor-new-codes-submit = Crear nuevos códigos de recuperación
two-factor-turn-off = Desactivarla
two-factor-turn-off-submit = Desactivar la verificación en dos pasos
two-factor-turned-off = La verificación en dos pasos está desactivada.
two-factor-setup-title = Configurar la verificación en dos pasos
two-factor-setup-scan = Abra su aplicación de autenticación (p. ej., Google Authenticator, Microsoft Authenticator o Aegis), agregue una cuenta y escanee este código:
two-factor-qr-label = Código QR para escanear con una aplicación de autenticación
two-factor-setup-type = O escriba esta clave en la aplicación:
two-factor-code = Código de 6 cifras de la aplicación
two-factor-recovery-code = Código de recuperación
two-factor-setup-phone = ¿Está configurando la verificación en este mismo teléfono?
two-factor-setup-open-app = Abra la aplicación de autenticación con esta clave
two-factor-confirm = Activarla
two-factor-codes-title = Sus códigos de recuperación
two-factor-codes-on = La verificación en dos pasos está activada.
two-factor-codes-keep = Guarde estos códigos en un lugar seguro, lejos de su teléfono: cada uno le permite iniciar sesión una vez si pierde el teléfono.
two-factor-codes-once = Solo se muestran esta vez. Si crea otros nuevos, estos dejarán de servir.
two-factor-codes-done = Listo
two-factor-admin-reset-hint = Si { $name } ha perdido el teléfono o el portátil, desactive la verificación en dos pasos: se quitarán sus códigos y sus llaves de acceso, { $name } podrá iniciar sesión solo con su contraseña y se cerrarán todas sus sesiones, en cualquier dispositivo.
two-factor-admin-reset = Desactivar la verificación en dos pasos
two-factor-reset-done = Se ha desactivado la verificación en dos pasos de { $name } y se han cerrado sus sesiones.
login-code-title = Código de verificación
login-code-intro = La contraseña es correcta. Escriba el código que muestra ahora su aplicación de autenticación.
login-code-recovery = ¿Ha perdido el teléfono? Use un código de recuperación
login-code-again = Volver a empezar
login-code-recovery-left = { $count ->
        [0] Ha usado su último código de recuperación. Cree códigos nuevos ahora en la página «Verificación en dos pasos» de su cuenta.
        [one] Ha usado un código de recuperación: le queda uno. Cree códigos nuevos en la página «Verificación en dos pasos» de su cuenta.
       *[other] Ha usado un código de recuperación: le quedan { $count }.
    }

## Eliminar un usuario

user-delete-title = ¿Eliminar a { $name }?
user-delete-warning = Se eliminará a { $name } ({ $email }) y se cerrarán todas sus sesiones, en cualquier dispositivo. Esta acción no se puede deshacer.
user-delete-submit = Eliminar a { $name }
user-delete-back = Volver a la lista de usuarios

## Su cuenta

account-title = Su cuenta
account-details = Nombre e idioma
account-name = Su nombre
account-language = Idioma de las páginas
account-language-auto = Idioma del navegador
account-save = Guardar
account-saved = Se han guardado su nombre y su idioma.
account-password = Contraseña
account-sessions = Dónde tiene la sesión iniciada
account-device = Dispositivo
account-address = Dirección IP
account-signed-in = Inicio de sesión
account-last-seen = Última actividad
account-this-browser = este navegador
account-kept-signed-in = (se mantiene iniciada)
account-sign-out-session = Cerrar sesión
account-sign-out-others = Cerrar todas las demás sesiones
session-ended = Se ha cerrado esa sesión.
sessions-ended = { $count ->
        [0] No había ninguna otra sesión que cerrar.
        [one] Se ha cerrado otra sesión.
       *[other] Se han cerrado otras { $count } sesiones.
    }
device-unknown = Navegador desconocido
device-on = { $browser } en { $system }
device-browser-on = Un navegador en { $system }

## Elegir una contraseña

password-heading-temporary = Elegir su propia contraseña
password-heading = Cambiar su contraseña
password-temporary-intro = Un administrador le ha asignado una contraseña temporal. Elija una propia para continuar: solo usted la conocerá.
password-not-changed = No se ha cambiado la contraseña. Consulte el mensaje que aparece más abajo.
password-current-temporary = Contraseña temporal
password-current = Contraseña actual
password-new = Nueva contraseña
password-new-confirm = Repita la nueva contraseña
password-submit = Cambiar la contraseña
password-hint = Al cambiarla, se cerrará su sesión en todos los demás dispositivos.
password-changed = Se ha cambiado su contraseña.
password-changed-signed-out = Se ha cambiado su contraseña y { $count ->
        [one] se ha cerrado su otra sesión.
       *[other] se han cerrado sus otras { $count } sesiones.
    }

## El registro de seguridad

audit-title = Registro de seguridad
audit-count = { $count ->
        [one] Un evento
       *[other] { $count } eventos, del más reciente al más antiguo
    }
audit-time-zone = Las horas se indican en la zona horaria { $zone }.
audit-when = Cuándo
audit-event = Evento
audit-by = Quién
audit-about = Afecta a
audit-address = Dirección IP
audit-details = Detalles
audit-empty = No se ha registrado nada.
audit-empty-page = No hay nada registrado en esta página.
audit-newest = Ir a los eventos más recientes
audit-newer = ← Más recientes
audit-older = Más antiguos →
audit-command-line = línea de comandos
event-signed_in = Inicio de sesión
event-sign_in_failed = Inicio de sesión fallido
event-account_locked = Cuenta bloqueada
event-account_unlocked = Cuenta desbloqueada
event-signed_out = Cierre de sesión
event-setup_completed = Configuración completada
event-user_created = Usuario agregado
event-user_changed = Usuario modificado
event-user_disabled = Usuario desactivado
event-user_enabled = Usuario activado
event-user_deleted = Usuario eliminado
event-password_changed = Contraseña cambiada
event-password_reset = Contraseña asignada por un administrador
event-sessions_ended = Sesiones cerradas
event-access_denied = Acceso denegado
event-form_refused = Formulario rechazado
event-link_created = Enlace creado
event-link_mailed = Enlace enviado por correo
event-link_mail_failed = Error al enviar el enlace por correo
event-link_used = Enlace usado
event-link_refused = Enlace rechazado
event-two_factor_on = Verificación en dos pasos activada
event-two_factor_off = Verificación en dos pasos desactivada
event-two_factor_reset = Verificación en dos pasos desactivada por un administrador
event-recovery_code_used = Código de recuperación usado
event-recovery_codes_made = Nuevos códigos de recuperación
event-code_wrong = Código incorrecto
event-group_created = Grupo creado
event-group_renamed = Grupo renombrado
event-group_deleted = Grupo eliminado
event-group_member_added = Añadido a un grupo
event-group_member_removed = Quitado de un grupo
event-app_created = Aplicación añadida
event-app_changed = Aplicación cambiada
event-app_deleted = Aplicación quitada
event-app_refused = Aplicación denegada
event-oidc_key_rotated = Clave de firma OpenID sustituida
event-app_secret_made = Secreto de aplicación sustituido
event-app_signed_in = Inicio de sesión en una aplicación
event-app_code_reused = Código de inicio de sesión de aplicación usado dos veces
event-app_refresh_reused = Token de actualización de aplicación usado dos veces
event-app_refresh_refused = Actualización de aplicación denegada
event-app_access_ended = Acceso de aplicación retirado por la persona
event-users_imported = Personas importadas
event-users_exported = Directorio exportado a una hoja de cálculo
event-passkey_added = Llave de acceso añadida
event-passkey_removed = Llave de acceso quitada
event-passkey_refused = Llave de acceso rechazada
detail-passkey = llave de acceso «{ $name }»
detail-passkey-refused-rejected = su respuesta no se pudo verificar (era de otro sitio o de una solicitud antigua)
detail-passkey-refused-counter = su contador de firmas retrocedió: puede que se haya copiado
detail-passkey-refused-unknown = ninguna cuenta tiene esta llave de acceso (se quitó o nunca se añadió)
detail-passkey-refused-disabled = la cuenta está desactivada
detail-passkey-refused-gone = su solicitud había caducado o ya se había usado (¿una respuesta repetida?)
detail-imported = desde { $from }: nuevas: { $created }; con cambios: { $changed }
detail-exported = { $count ->
        [one] una persona
       *[other] { $count } personas
    }
detail-sessions = { $count ->
        [one] una sesión
       *[other] { $count } sesiones
    }
detail-other-sessions = { $count ->
        [one] otra sesión
       *[other] otras { $count } sesiones
    }
detail-role = rol: { $role }
detail-changed = campos modificados: { $fields }
detail-changed-role = campos modificados: { $fields } (nuevo rol: { $role })
list-and = { $first } y { $last }
detail-field-name = nombre
detail-field-email = correo electrónico
detail-field-role = rol
detail-name-changed = cambio de nombre
detail-locked = { $failures } intentos fallidos en { $minutes } minutos
detail-refused = { $request }: { $why }
refused-needs-admin = requiere permisos de administración
refused-other-site = enviado desde otro sitio
refused-form-token = falta el código de seguridad del formulario o no es válido

## Páginas de error

error-status = Error { $status }
error-back = Volver a la página de inicio
error-title-400 = No se ha podido leer la solicitud
error-title-403 = No permitido
error-title-404 = Página no encontrada
error-title-405 = No disponible de esta forma
error-title-413 = Demasiados datos
error-title-421 = Dirección incorrecta
error-title-422 = No se ha podido leer la solicitud
error-title-429 = Demasiados intentos
error-title-503 = No disponible en este momento
error-title-500 = Algo ha fallado
error-title-page = Página desconocida
error-400 = No se ha podido leer la solicitud. Vuelva atrás, recargue la página e inténtelo de nuevo.
error-403 = No tiene permiso para hacer esto. Si estaba completando un formulario, puede que haya caducado: vuelva atrás, recargue la página e inténtelo de nuevo.
error-404 = No hay nada en esta dirección. Revise el enlace o vuelva a la página de inicio.
error-405 = Esta página no se puede usar de esa forma. Vuelva a la página de inicio.
error-413 = Lo que ha enviado es demasiado grande. Acórtelo e inténtelo de nuevo.
error-415 = Esta página espera un formulario. Vuelva atrás, recargue la página e inténtelo de nuevo.
error-421 = Este servidor no responde a esa dirección. Abra gatehouse en la dirección que mostró al iniciarse. Un administrador puede permitir otros nombres con la opción allowed_hosts.
error-422 = Falta una parte del formulario o no se ha podido leer. Vuelva atrás, recargue la página e inténtelo de nuevo.
error-429 = Demasiados intentos. Espere un poco e inténtelo de nuevo.
error-503 = No se puede acceder a la base de datos en este momento (puede que el disco esté lleno o sea de solo lectura). Inténtelo de nuevo dentro de un momento; si sigue ocurriendo, avise a la persona que administra gatehouse.
error-500 = Algo ha fallado por nuestra parte. Inténtelo de nuevo; si sigue ocurriendo, avise a la persona que administra gatehouse.
error-admins-only = Esta página requiere permisos de administración y usted ha iniciado sesión como miembro. Si hay que cambiar algo aquí, pídaselo a un administrador.

## Qué falla en lo que se ha escrito

problem-email-missing = Escriba una dirección de correo electrónico.
problem-email-too-long = Una dirección de correo electrónico puede tener como máximo 254 caracteres.
problem-email-has-spaces = Una dirección de correo electrónico no puede contener espacios.
problem-email-shape = Escriba una dirección de correo electrónico del tipo nombre@ejemplo.com.
problem-email-taken = Ya hay alguien con esta dirección de correo electrónico. Use otra.
problem-name-missing = Escriba un nombre.
problem-name-too-long = Un nombre puede tener como máximo 200 caracteres; acórtelo (puede omitir un apellido).
problem-name-has-controls = Un nombre no puede contener caracteres de control, como tabulaciones o saltos de línea.
problem-password-too-short = Elija una contraseña de al menos 8 caracteres.
problem-password-common = Esta contraseña es una de las más comunes y se adivinaría enseguida. Elija otra: unas cuantas palabras sin relación entre sí forman una buena contraseña.
problem-password-too-long = Una contraseña puede tener como máximo 72 bytes (72 letras, menos si lleva tildes o símbolos). Elija una más corta.
problem-passwords-differ = Las dos contraseñas no coinciden. Escriba la misma contraseña dos veces.
problem-password-unchanged = Elija una contraseña distinta de la actual.
problem-current-password-wrong = Esa no es su contraseña actual. Escríbala de nuevo.
problem-role-unknown = Elija un rol: administrador o miembro.
problem-last-admin = Esta es la última cuenta activa con permisos de administración. Antes, dé permisos de administración a otra persona, para que alguien pueda seguir gestionando los usuarios.
problem-own-password = Para cambiar su propia contraseña, use la página «Su cuenta», donde se le pedirá primero la contraseña actual.
problem-not-yourself = No puede quitarse los permisos de administración ni desactivar su propia cuenta. Pídaselo a otra persona con permisos de administración.
problem-delete-yourself = No puede eliminar su propia cuenta. Pídaselo a otra persona con permisos de administración.
problem-page-number = El número de página debe ser un número entero a partir de 1.
problem-language-unknown = Elija uno de los idiomas disponibles.
problem-link-for-disabled = Esta cuenta está desactivada: un enlace no funcionaría. Marque «Activo» y guarde los cambios antes.
problem-already-accepted = Esta persona ya ha elegido una contraseña: cree en su lugar un enlace para restablecerla.
problem-code-wrong = Ese código no es correcto o ya se ha usado. Escriba el código que muestra ahora su aplicación (o un código de recuperación).
problem-two-factor-off = La verificación en dos pasos no está activada en esta cuenta.
problem-two-factor-on = La verificación en dos pasos ya está activada. Para configurarla en un teléfono nuevo, desactívela primero.
problem-group-name-missing = Escriba un nombre para el grupo.
problem-group-name-too-long = El nombre de un grupo puede tener como máximo 64 caracteres; acórtelo.
problem-group-name-taken = Ya hay un grupo con este nombre (los nombres se comparan sin tener en cuenta mayúsculas). Elija otro nombre o use ese grupo.
problem-group-unknown = No hay ningún grupo con este nombre. Revise cómo está escrito o cree antes el grupo.
problem-person-unknown = Nadie en gatehouse tiene esta dirección de correo. Revísela o añada antes a la persona.
problem-app-name-missing = Escriba un nombre para la aplicación.
problem-app-name-too-long = El nombre de una aplicación puede tener como máximo 64 caracteres; acórtelo.
problem-app-name-taken = Ya hay una aplicación con este nombre (los nombres se comparan sin tener en cuenta mayúsculas). Elija otro nombre.
problem-host-shape = Escriba el nombre de host que se teclea para abrir la aplicación, como wiki.oficina.example, o *.oficina.example para todos los nombres de un dominio.
problem-host-port = Un puerto es un número de 1 a 65535, tras dos puntos: wiki.oficina.example:8443.
problem-path-prefix-shape = Un prefijo de ruta empieza por / y solo lleva caracteres de ruta, como /publico; déjelo vacío para toda la aplicación.
problem-access-unknown = Elija quién puede entrar en la aplicación.
problem-access-no-groups = Elija al menos un grupo, o deje entrar a todos los que hayan iniciado sesión.
problem-app-place-taken = Otra aplicación tiene ya este host y este prefijo de ruta. Cambie uno de los dos o edite esa aplicación.
problem-app-unknown = No hay ninguna aplicación con este nombre. Revise cómo está escrito, o vea las aplicaciones con: gatehouse app list

## Correo

mail-greeting = Hola, { $name }:
mail-invite-subject = Invitación de { $sender } para usar gatehouse
mail-invite-intro = { $sender } ha creado una cuenta para usted en gatehouse, donde su oficina gestiona quién puede iniciar sesión. Abra este enlace para elegir su contraseña:
mail-reset-subject = Enlace para elegir una contraseña nueva de gatehouse
mail-reset-intro-admin = { $sender } ha creado un enlace para que elija una contraseña nueva de gatehouse:
mail-reset-intro-self = Alguien, probablemente usted, ha pedido una contraseña nueva de gatehouse para esta dirección. Abra este enlace para elegirla:
mail-expires = El enlace funciona una sola vez, hasta el { $until }.
mail-ignore = Si no esperaba este mensaje, puede ignorarlo: no cambiará nada mientras no se use el enlace.
mail-codes-refused-subject = Códigos de verificación incorrectos en su cuenta de gatehouse
mail-codes-refused-body = Hoy alguien ha iniciado sesión en gatehouse con su contraseña y después ha escrito { $count } códigos de verificación incorrectos. Por seguridad, durante un día no se aceptarán códigos para su cuenta.
mail-codes-refused-advice = Si no ha sido usted, otra persona conoce su contraseña: cámbiela en la página «Su cuenta» en cuanto pueda iniciar sesión, o pida a un administrador un enlace para restablecer la contraseña. Si ha sido usted, espere un día o pida a un administrador que desactive la verificación en dos pasos de su cuenta.
mail-test-subject = Mensaje de prueba de gatehouse
mail-test-body = Este es un mensaje de prueba de gatehouse. Si puede leerlo, gatehouse puede enviar correo.
link-mailed = El enlace también se ha enviado por correo a { $email }.
link-mail-failed = No se ha podido enviar el enlace por correo a { $email } ({ $reason }). Cópielo y envíelo por su cuenta.

## La línea de comandos y el mensaje de inicio

cli-database = Base de datos: { $database }
cli-open = Abra { $url } en un navegador. Presione Ctrl-C para detener gatehouse.
cli-every-address = Escuchando en todas las direcciones de red: desde otros equipos se puede usar el nombre o la dirección de este equipo.
cli-colleagues = Desde otros equipos de la red se puede abrir:
cli-setup-link = Todavía no hay ninguna cuenta de administración. Cree la primera en este enlace (funciona hasta que exista una):
cli-already-running = gatehouse ya se está ejecutando con esta base de datos en { $url }; se abrirá en su navegador.
cli-already-starting = ya se está iniciando un servidor de gatehouse con { $database }; espere un momento
cli-no-browser = no se ha podido abrir un navegador ({ $reason }); abra { $url } manualmente
cli-press-enter = Presione Intro (Enter) para cerrar esta ventana.
cli-user-created = Se ha creado la cuenta de { $name } <{ $email }> en { $database }, con rol de { $role ->
        [admin] administrador
       *[other] miembro
    }.
cli-invite-made = Se ha agregado a { $name } <{ $email }>. Envíele este enlace de invitación; funciona una sola vez, hasta el { $until }:
cli-reset-made = Enlace para restablecer la contraseña de { $name } <{ $email }>; funciona una sola vez, hasta el { $until }:
cli-mail-none = no hay configuración de correo: agregue una tabla [default.smtp] a Rocket.toml (host, from y, si el servidor los necesita, username y security; la contraseña, en GATEHOUSE_SMTP_PASSWORD)
cli-mail-sent = Se ha enviado un mensaje de prueba a { $to } a través de { $server }. El servidor respondió: { $answer }
cli-mail-failed = no se ha enviado el mensaje de prueba a través de { $server }: { $reason }
cli-two-factor-reset = Se ha desactivado la verificación en dos pasos de { $name } <{ $email }>; { $count ->
        [0] no tenía ninguna sesión.
        [one] se ha cerrado su única sesión.
       *[other] se han cerrado sus { $count } sesiones.
    }
cli-email-taken = ya existe un usuario con el correo electrónico { $email }
cli-no-such-user = ningún usuario tiene el correo electrónico { $email } en { $database }; consulte `gatehouse user list`
cli-password-set = Se ha cambiado la contraseña de { $name } <{ $email }> en { $database }; { $count ->
        [one] se ha cerrado una sesión.
       *[other] se han cerrado { $count } sesiones.
    }
cli-list-id = ID
cli-list-email = CORREO
cli-list-name = NOMBRE
cli-list-role = ROL
cli-list-status = ESTADO
cli-password-prompt = Nueva contraseña:
cli-password-again = Repita la contraseña:
cli-password-unreadable = no se puede leer la contraseña: { $reason }
cli-password-stdin-unreadable = no se puede leer la contraseña desde la entrada estándar: { $reason }
cli-no-terminal = no se puede pedir la contraseña porque no hay terminal; envíela por la entrada estándar con --password-stdin
cli-passwords-differ = las dos contraseñas no coinciden; no se ha cambiado nada
cli-sqlite-only = `gatehouse { $command }` copia archivos de SQLite; { $database } es PostgreSQL: use { $instead }
cli-backed-up = Se ha hecho una copia de seguridad de { $database } en { $file }.
cli-restored = Se ha restaurado { $database } a partir de { $file }.
cli-replaced-kept = La base de datos sustituida se conserva como { $file }.
cli-copy-same = { $database } es la base de datos que se está copiando; indique otro destino en --to
cli-copy-no-source = no hay ninguna base de datos en { $database } que copiar
cli-copy-target-exists = { $database } ya existe; indique el nombre de un archivo nuevo (copy nunca sobrescribe uno existente)
cli-copy-not-empty = { $database } no está vacía ({ $count } { $table }); copie en un archivo nuevo o en una base de datos vacía
cli-copy-mismatch = la copia de { $table } ha dado { $written } filas en lugar de { $read }; no se ha conservado nada en { $database }
cli-copy-failed = la copia a { $database } ha fallado y no se ha conservado nada allí: { $reason }
cli-progress-reading = Leyendo
cli-progress-copying = Copiando filas
cli-progress-importing = Incorporando personas
cli-progress-exporting = Exportando personas
cli-copied = Se ha copiado { $from } en { $to }; las filas de cada tabla coinciden:
cli-sound = { $database } está en buen estado (versión del esquema { $version }).
cli-server-running = un servidor de gatehouse está usando { $database }; deténgalo primero (con Ctrl-C en su ventana o deteniendo el servicio)
cli-server-running-at = un servidor de gatehouse está usando { $database } y responde en { $url }; deténgalo primero (con Ctrl-C en su ventana o deteniendo el servicio)

# Groups
menu-groups = Grupos
groups-title = Grupos
groups-intro = Los grupos indican quién puede abrir cada aplicación de la oficina. Los roles de administrador y miembro siguen indicando quién gestiona gatehouse.
groups-add = Crear un grupo
groups-name = Nombre del grupo
groups-members = Personas
groups-member-count = { $count ->
    [one] 1 persona
   *[other] { $count } personas
}
groups-none = Todavía no hay grupos. Cree uno y añada personas aquí o en la página de cada persona.
group-new-title = Crear un grupo
group-new-submit = Crear grupo
group-created = Grupo «{ $name }» creado. Añada personas a continuación.
group-renamed = El grupo se llama ahora «{ $name }».
group-people = Personas de este grupo
group-empty = Todavía no hay nadie en este grupo.
group-add-email = Añadir a una persona por su correo electrónico
group-add = Añadir al grupo
group-remove = Quitar
group-member-added = { $name } está ahora en el grupo.
group-member-removed = { $name } ya no está en el grupo.
group-rename = Cambiar el nombre del grupo
group-rename-submit = Guardar el nombre
group-delete-link = Eliminar este grupo
group-back = Volver a los grupos
group-delete-title = ¿Eliminar el grupo «{ $name }»?
group-delete-warning = { $count ->
    [0] No hay nadie en «{ $name }». Las aplicaciones que dejan entrar a este grupo ya no dejarán entrar a nadie por él.
    [one] La única persona de «{ $name }» sigue en gatehouse, fuera del grupo. Las aplicaciones que dejan entrar a este grupo ya no la dejarán entrar por él.
   *[other] Las { $count } personas de «{ $name }» siguen en gatehouse, fuera del grupo. Las aplicaciones que dejan entrar a este grupo ya no las dejarán entrar por él.
}
group-delete-submit = Eliminar «{ $name }»
group-deleted = Grupo «{ $name }» eliminado.
user-groups = Grupos
user-groups-hint = (qué aplicaciones de la oficina puede abrir)
users-in-group = Personas del grupo «{ $group }»
users-all = Todos

# Aplicaciones
menu-apps = Aplicaciones
apps-title = Aplicaciones tras la puerta
apps-intro = Las aplicaciones de la oficina en las que gatehouse deja entrar, a través del proxy (nginx, Caddy o Traefik) que tienen delante. Vea docs/GATE.md para configurar el proxy.
apps-add = Añadir una aplicación
apps-name = Nombre de la aplicación
apps-where = Dirección
apps-who = Quién puede entrar
apps-none = Todavía no hay ninguna aplicación registrada.
apps-deny-by-default = Se deniega toda petición a una dirección que ninguna aplicación nombra.
app-host = Host
app-host-hint = (como se teclea: wiki.oficina.example, *.oficina.example, o con puerto: archivos.oficina.example:8443)
app-path-prefix = Prefijo de ruta
app-path-prefix-hint = (opcional: /publico abarca /publico y lo que cuelga de él; vacío: toda la aplicación)
app-access-everyone = todos los que han iniciado sesión
app-access-everyone-hint = (toda persona activa)
app-access-groups = las personas de estos grupos
app-access-groups-hint = (elíjalos a continuación)
app-access-admins = los administradores
app-access-admins-hint = (de gatehouse)
app-access-anyone = cualquiera, con sesión o sin ella
app-access-anyone-hint = (una página pública, como la dirección de estado de una aplicación)
app-no-groups-yet = Todavía no hay grupos.
app-two-factor = Exigir la verificación en dos pasos
app-two-factor-hint = (quien no la tenga la configura antes)
app-new-title = Añadir una aplicación
app-new-submit = Añadir la aplicación
app-edit-title = { $name }
app-edit-submit = Guardar la aplicación
app-delete-link = Quitar esta aplicación
app-created = Aplicación «{ $name }» añadida. Las peticiones a ella pasan ahora por gatehouse.
app-saved = Aplicación «{ $name }» guardada.
app-delete-title = ¿Quitar la aplicación «{ $name }»?
app-delete-warning = La puerta denegará las peticiones a { $host } a todo el mundo, hasta que otra aplicación cubra esa dirección. La aplicación en sí no se toca.
app-delete-submit = Quitar «{ $name }»
app-deleted = Aplicación «{ $name }» quitada.
app-kind-proxy = Tras el proxy
app-kind-proxy-hint = Una aplicación sin inicio de sesión propio (o una página pública): el proxy que tiene delante pregunta a gatehouse antes de cada petición.
app-kind-oidc = Inicia sesión con gatehouse
app-kind-oidc-hint = Una aplicación con inicio de sesión propio que habla OpenID Connect (Nextcloud, Grafana, Gitea…): envía aquí a las personas para iniciar sesión. Vea docs/APPS.md.
app-redirect-uris = URI de redirección
app-redirect-uris-hint = (una por línea, tal como las da la configuración OpenID de la aplicación)
app-client-type = ¿Puede la aplicación guardar un secreto?
app-client-confidential = Sí: funciona en un servidor
app-client-confidential-hint = (recibe un secreto de cliente)
app-client-public = No: funciona en el navegador o en los equipos de las personas
app-client-public-hint = (sin secreto; siempre con PKCE)
app-pkce = Exigir PKCE
app-pkce-hint = (déjelo activado salvo que la aplicación no pueda: Gitea, Portainer y Outline no pueden)
app-refresh = Permitir mantener la sesión (tokens de actualización)
app-refresh-hint = (cuando la aplicación pide offline_access; cada uso se vuelve a comprobar)
app-consent = ¿Preguntar a las personas antes de que la aplicación reciba sus datos por primera vez?
app-consent-none = No: una aplicación que registró la oficina es de confianza
app-consent-once = Sí, una vez por persona, indicando lo que recibirá
app-client-id = ID de cliente
app-client-secret = Secreto de cliente
app-issuer = Emisor
app-issuer-hint = (la aplicación encuentra el resto en /.well-known/openid-configuration)
app-client-settings = Ponga estos datos en la configuración OpenID Connect de la aplicación:
app-oidc-created = Aplicación «{ $name }» añadida. Inicia la sesión de las personas con gatehouse.
app-secret-made = La aplicación «{ $name }» tiene un secreto nuevo. El anterior ya no funciona.
app-secret-once = Copie el secreto ahora: solo se muestra esta vez. Si se pierde, cree otro en la página de la aplicación.
app-client-done = Listo
app-new-secret-submit = Crear un secreto nuevo
app-new-secret-hint = (el anterior deja de funcionar al momento)
apps-mine-title = Sus aplicaciones
apps-mine-none = Todavía no hay aquí ninguna aplicación para usted. Pida una a un administrador si la necesita.
problem-app-kind = Este tipo de aplicación aún no se ofrece: añádala como aplicación tras el proxy.
problem-redirect-uri-shape = Una URI de redirección es una dirección completa que empieza por https:// o http://, como https://nube.oficina.example/apps/oidc/redirect, sin #, sin espacios y sin nombre de usuario. Cópiela de la configuración de la propia aplicación.
problem-redirect-uri-missing = Indique al menos una URI de redirección, una por línea: la dirección que la aplicación indica para iniciar sesión con OpenID.
problem-redirect-uris-too-many = Una aplicación puede tener como mucho 20 URI de redirección.
problem-consent-unknown = Elija si se pregunta a las personas antes de que la aplicación reciba sus datos por primera vez: nunca, o una vez.
problem-oidc-needs-public-url = Una aplicación que inicia sesión con gatehouse necesita la dirección del propio gatehouse: indique public_url en Rocket.toml (por ejemplo "https://auth.oficina.example"), reinicie gatehouse y vuelva a añadir la aplicación.
problem-oidc-access-anyone = «Cualquiera» es para las páginas públicas de una aplicación tras el proxy; una aplicación que inicia sesión deja entrar a todas las personas con sesión, a algunos grupos o a los administradores.
problem-app-has-no-secret = Solo una aplicación que inicia sesión con gatehouse y guarda un secreto (confidencial) tiene un secreto que sustituir.
problem-sheet-role-unknown = Escriba el rol como administrador o miembro (o deje la celda vacía).
problem-sheet-language-unknown = Escriba el idioma como en, es o auto (o deje la celda vacía).
problem-sheet-email-twice = Esta dirección está también en otra fila del archivo: deje solo una.
problem-sheet-name-missing = Esta persona es nueva: escriba su nombre.
problem-sheet-extra-cells = Esta fila tiene más celdas que columnas nombra la primera fila: una celda con una coma o un punto y coma debe ir entre comillas.
problem-passkey-name-missing = Dé un nombre a esta llave de acceso, como «portátil del trabajo» o «móvil».
problem-passkey-name-shape = El nombre de una llave de acceso puede tener como máximo 60 caracteres y debe ir en una sola línea.
import-column-row = Fila
apps-manage = Gestionar las aplicaciones
continue-title = Ha iniciado sesión
continue-link = Continuar a la aplicación
oidc-error-title = Esta aplicación no puede iniciar su sesión aquí
oidc-unknown-client = La aplicación que le envió aquí no está registrada en gatehouse. Pida a un administrador que la añada en Aplicaciones y vuelva a intentarlo desde la aplicación.
oidc-unknown-redirect = La aplicación que le envió aquí pidió la respuesta en una dirección que gatehouse no conoce para ella. No se le ha enviado nada. Un administrador puede revisar las URI de redirección de la aplicación en Aplicaciones.
oidc-not-allowed = Ha iniciado sesión, pero { $app } no está abierta para usted. No se le ha enviado nada. Si la necesita, pida acceso a un administrador.
oidc-needs-two-factor = { $app } pide la verificación en dos pasos. Configúrela en Su cuenta › Verificación en dos pasos y vuelva a abrir { $app }.
oidc-consent-title = ¿Iniciar sesión en { $app }?
oidc-consent-intro = { $app } recibirá:
oidc-scope-openid = un identificador que no cambia para usted
oidc-scope-profile = su nombre
oidc-scope-email = su dirección de correo
oidc-scope-groups = los nombres de sus grupos
oidc-scope-offline_access = mantener la sesión hasta que usted la cierre (en Su cuenta)
oidc-consent-allow = Permitir y continuar
oidc-consent-once = Solo se le pregunta una vez; la página de su cuenta muestra las aplicaciones que ha permitido.
oidc-logout-title = ¿Cerrar la sesión de gatehouse?
oidc-logout-ask = Una aplicación ha pedido a gatehouse que cierre su sesión. ¿Cerrarla también aquí? Tendrá que volver a iniciar sesión para abrir las aplicaciones de la oficina.
oidc-logout-submit = Cerrar sesión
oidc-logout-done = No tiene la sesión iniciada en gatehouse.
oidc-logout-sign-in = Iniciar sesión
account-apps = Aplicaciones que mantienen la sesión
account-apps-intro = Estas aplicaciones iniciaron su sesión con gatehouse y pueden mantenerla. Al retirar el acceso de una aplicación, su sesión en ella termina la próxima vez que consulte a gatehouse.
account-app-since = desde
account-app-end = Retirar acceso
account-app-ended = Esa aplicación ya no mantiene la sesión de su cuenta.

## Personas desde y hacia hojas de cálculo (/users/import, /users/export.csv)
users-import = Importar desde una hoja de cálculo
users-export = Exportar a una hoja de cálculo
import-title = Importar personas desde una hoja de cálculo
import-intro = Guarde la hoja como CSV (en Excel: Archivo › Guardar como › «CSV UTF-8»), elíjala aquí y vea lo que cambiaría antes de que cambie nada. Las personas nuevas reciben un enlace de invitación para elegir su propia contraseña; en el archivo nunca va ninguna contraseña.
import-file = El archivo CSV
import-file-hint = Comas o puntos y coma; UTF-8 o Windows-1252. Como máximo { $max } personas y 1 MB.
import-preview = Ver lo que cambiaría
import-columns-title = Las columnas (primera fila), en español o en inglés
import-column-email-hint = Obligatoria: de quién es la fila. Quien ya está se actualiza; a los demás se les invita.
import-column-name-hint = Su nombre completo (obligatorio para alguien nuevo).
import-column-role-hint = administrador o miembro (admin, member); las personas nuevas son miembros salvo que diga administrador.
import-column-groups-hint = Los grupos en los que está, separados por comas, exactamente: los que aún no existen se crean. Si la celda está vacía, sus grupos no cambian.
import-column-language-hint = es, en o auto (el idioma de su navegador).
import-empty-cells = Una celda vacía deja ese dato como está. Las demás columnas no se tienen en cuenta. Las filas se aplican todas juntas, o ninguna.
import-column-name = Nombre
import-column-email = Correo
import-column-role = Rol
import-column-groups = Grupos
import-column-language = Idioma
export-link = Exportar a todos a una hoja de cálculo (CSV), para editarla e importarla de nuevo
import-no-file = Elija primero un archivo CSV.
import-too-large = Este archivo ocupa más de 1 MB. Divídalo en archivos más pequeños e impórtelos uno tras otro.
import-too-many-rows = Este archivo tiene más de { $max } personas. Divídalo en archivos más pequeños e impórtelos uno tras otro.
import-empty = Este archivo está vacío. Guarde la hoja con sus filas como CSV y elíjala de nuevo.
import-not-csv = Esto es un libro de Excel, no un archivo CSV. En Excel o LibreOffice, use Guardar como y elija «CSV UTF-8» (o «CSV»), y luego elija ese archivo.
import-utf16 = Este archivo se guardó como «Texto Unicode». Guárdelo como «CSV UTF-8» y elíjalo de nuevo.
import-no-email-column = La primera fila debe nombrar las columnas, y una de ellas debe ser «correo» (o «email»).
import-broken = El archivo no sigue las reglas de CSV en la línea { $line } (quizá unas comillas que se abren y no se cierran). Corrija esa línea y elija el archivo de nuevo.
import-preview-title = Lo que haría la importación
import-preview-file = { $file } ({ $encoding }, columnas separadas por «{ $delimiter }»)
import-preview-counts = Nuevas: { $new }; con cambios: { $changed }; sin cambios: { $unchanged }; con algún problema: { $wrong }.
import-preview-new-groups = Se crearán estos grupos: { $groups }.
import-preview-ignored = Estas columnas no se tienen en cuenta: { $columns }.
import-confirm = Importar (nuevas: { $new }; con cambios: { $changed })
import-fix-wrong = No se importará nada mientras { $wrong ->
        [one] una fila tenga algún problema
       *[other] { $wrong } filas tengan algún problema
    }: corrija el archivo y elíjalo de nuevo.
import-again = Elegir el archivo de nuevo
import-nothing-to-do = Todas las personas de este archivo ya tienen los datos que dice: no hay nada que importar.
import-tab = tabulador
import-line = Línea
import-status-new = nueva
import-status-changed = cambia:
import-status-unchanged = sin cambios
import-status-wrong = problema
import-gone = Esta importación ya no está pendiente: ya se hizo, se eligió después otro archivo o ha pasado un día. Elija el archivo de nuevo.
import-changed-since = El directorio ha cambiado desde esta vista previa y ahora hay filas con algún problema. No se ha importado nada.
import-done-title = Importación completada
import-done = { $file }: nuevas: { $created }; con cambios: { $changed }; { $groups ->
        [one] un grupo creado
       *[other] { $groups } grupos creados
    }.
import-done-invitations = Invitaciones
import-done-mailed = invitación enviada por correo
import-done-mail-failed = no se pudo enviar el correo; entregue este enlace:
detail-field-language = idioma
detail-field-groups = grupos

## Llaves de acceso (/account/passkeys, la página de inicio de sesión)
passkeys-title = Llaves de acceso
passkeys-intro = Una llave de acceso le permite iniciar sesión con el bloqueo de pantalla de este equipo o de su teléfono (huella dactilar, reconocimiento facial o un PIN) en lugar de una contraseña. Solo funciona en la dirección propia de gatehouse, así que una página falsa que la imite no consigue nada. También cuenta como segundo paso de la verificación en dos pasos.
passkeys-manage = Gestionar las llaves de acceso
passkeys-none = Aún no tiene ninguna llave de acceso.
passkeys-added = añadida el { $when }
passkeys-last-used = usada por última vez el { $when }
passkeys-never-used = aún sin usar
passkeys-name = Nombre
passkeys-name-example = portátil del trabajo
passkeys-rename = Cambiar el nombre
passkeys-remove = Quitar
passkeys-remove-password = Su contraseña, para quitar esta llave de acceso
passkeys-remove-with-passkey = Quitar con confirmación por llave de acceso
passkeys-add-title = Añadir una llave de acceso
passkeys-add = Añadir una llave de acceso
passkeys-cancelled = Se ha cerrado la ventana de la llave de acceso o se ha agotado el tiempo de espera; no se ha cambiado nada. Vuelva a intentarlo cuando quiera.
passkeys-failed = No se pudo usar la llave de acceso: falló la conexión con gatehouse. Compruebe la red y vuelva a intentarlo.
passkeys-unsupported = Este navegador no puede usar llaves de acceso. Use una versión actualizada de Chrome, Edge, Firefox o Safari, o inicie sesión con su contraseña.
passkeys-needs-script = Para añadir una llave de acceso hace falta JavaScript, que está desactivado en este navegador.
passkeys-elsewhere = Las llaves de acceso funcionan en la dirección propia de gatehouse:
passkeys-not-secure = Los navegadores solo ofrecen llaves de acceso en una dirección segura (https) o en este mismo equipo (localhost). Pida a quien instaló gatehouse que lo configure con https (consulte docs/OPERATIONS.md, «HTTPS»); mientras tanto, inicie sesión con su contraseña.
passkeys-back = Volver a su cuenta
passkeys-unavailable = Las llaves de acceso no se pueden usar en esta dirección: abra gatehouse en su dirección https propia o en localhost.
passkey-gone = Esta solicitud de llave de acceso ha caducado o ya se ha usado. Vuelva a intentarlo.
passkey-rejected = No se pudo comprobar la respuesta del navegador: era para otro sitio o para una solicitud antigua. Vuelva a intentarlo.
passkey-taken = Esta llave de acceso ya se ha añadido a una cuenta.
passkey-none-waiting = No hay ninguna llave de acceso pendiente para este inicio de sesión: escriba su código o vuelva a empezar.
passkey-sign-in-failed = No se ha podido iniciar sesión con esa llave de acceso. Si se ha quitado o su cuenta está desactivada, inicie sesión con su contraseña o pida ayuda a un administrador.
passkey-busy = Hay demasiados inicios de sesión con llave de acceso sin terminar. Inicie sesión con su contraseña o vuelva a intentarlo con la llave de acceso dentro de unos minutos.
passkey-renamed = Nombre de la llave de acceso cambiado.
passkey-removed = Llave de acceso «{ $name }» quitada.
login-passkey = Iniciar sesión con una llave de acceso
login-passkey-elsewhere = Iniciar sesión con una llave de acceso en la dirección propia de gatehouse
link-passkey-next = Un paso más: use su llave de acceso y se guardará su nueva contraseña.
login-code-passkey-intro = Use su llave de acceso para terminar de iniciar sesión.
login-code-passkey-needs-script = Su llave de acceso necesita JavaScript, que está desactivado en este navegador: actívelo para terminar de iniciar sesión.
login-code-passkey-not-here = Su segundo paso es una llave de acceso, y los navegadores solo ofrecen llaves de acceso en una dirección segura (https) o en este mismo equipo (localhost). Abra gatehouse en esa dirección o pida a un administrador que le desactive la verificación en dos pasos.
login-code-passkey = Usar mi llave de acceso
