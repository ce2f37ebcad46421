# gatehouse en español: la línea de comandos (su ayuda, sus errores de uso y
# sus mensajes), junto a gatehouse.ftl.

## La lista de usuarios

cli-no-users-yet = Todavía no hay usuarios en { $database }. Cree la primera cuenta de administración con este comando:
cli-example-email = nombre@example.com
cli-example-name = Su nombre

## Enlaces de invitación y para restablecer la contraseña

cli-link-this-computer-only = Solo este equipo puede abrir este enlace ({ $host }). Para que lo abra otra persona, inicie el servidor con --address 0.0.0.0 y envíe el enlace con la dirección de red de este equipo en lugar de { $host }, o escriba en la opción public_url de Rocket.toml la dirección en la que se abre gatehouse desde otros equipos.

## Inicio

cli-already-running-at = gatehouse ya se está ejecutando con esta base de datos en { $url }.

## Ayuda: los comandos, sus opciones y los encabezados de clap

cli-heading-usage = Uso
cli-heading-commands = Comandos
cli-heading-arguments = Argumentos
cli-heading-options = Opciones
cli-placeholder-options = OPCIONES
cli-placeholder-command = COMANDO

cli-about = Una página de inicio de sesión y gestión de usuarios para una oficina pequeña, con un solo archivo SQLite o una base de datos PostgreSQL.
cli-about-serve = Servir la página de inicio de sesión y la gestión de usuarios (es lo que se hace si no se indica ningún comando)
cli-about-user = Gestionar los usuarios desde la línea de comandos
cli-about-user-create = Crear un usuario; se pide la contraseña (o se lee con --password-stdin)
cli-about-user-set-password = Asignar una contraseña a un usuario y cerrar sus sesiones
cli-about-user-invite = Agregar un usuario sin contraseña y mostrar su enlace de invitación
cli-about-user-reset-link = Mostrar un enlace para restablecer la contraseña, con el que un usuario elige una contraseña nueva
cli-about-user-reset-two-factor = Desactivar la verificación en dos pasos de un usuario (si ha perdido el teléfono) y cerrar sus sesiones
cli-about-user-list = Mostrar todos los usuarios con su rol y su estado
cli-about-backup = Copiar la base de datos en DESTINO aunque esté en uso (se escribe el archivo completo o no se escribe nada)
cli-about-restore = Sustituir la base de datos por la copia de seguridad ORIGEN (detenga antes el servidor)
cli-about-check = Comprobar la integridad de la base de datos; termina con el código de salida 0 solo si está en buen estado
cli-about-mail = Correo: comprobar la configuración de [default.smtp]
cli-about-mail-test = Enviar un mensaje de prueba y mostrar la respuesta del servidor de correo
cli-about-copy = Copiar toda la base de datos en otra vacía: un archivo SQLite o una URL postgres:// (detenga antes los servidores)
cli-about-help = Mostrar este mensaje o la ayuda de los comandos indicados

cli-arg-db = La base de datos: un archivo SQLite o postgres://USUARIO@SERVIDOR:PUERTO/BASE (la contraseña se puede indicar en PGPASSWORD); también con la variable GATEHOUSE_DB [predeterminada: gatehouse.db en la carpeta de datos de gatehouse de este equipo]
cli-arg-address = La dirección en la que escucha el servidor; con 0.0.0.0 pueden conectarse otros equipos de la red; también con la variable GATEHOUSE_ADDRESS [predeterminada: 127.0.0.1 o la opción address de Rocket.toml]
cli-arg-port = El puerto en el que escucha el servidor; también con la variable GATEHOUSE_PORT [predeterminado: 8000 o la opción port de Rocket.toml]
cli-arg-open = Abrir el navegador cuando el servidor esté listo [predeterminado si no se indica ningún comando]
cli-arg-no-open = No abrir el navegador
cli-arg-tls-cert = Servir HTTPS con esta cadena de certificados (PEM); requiere --tls-key
cli-arg-tls-key = La clave privada (PEM) de --tls-cert
cli-arg-email = La dirección de correo electrónico del usuario
cli-arg-name = El nombre del usuario, tal como lo verán los demás (de 1 a 200 caracteres)
cli-arg-admin = Dar al usuario permisos de administración
cli-arg-password-stdin = Leer la contraseña de la primera línea de la entrada estándar
cli-arg-json = Mostrar la lista en JSON en lugar de en una tabla
cli-arg-backup-dest = El archivo de copia de seguridad que se va a crear
cli-arg-restore-src = El archivo de copia de seguridad que se va a restaurar
cli-arg-mail-to = La dirección de correo electrónico a la que se envía el mensaje de prueba
cli-arg-copy-to = La base de datos de destino: un archivo nuevo o una base de datos PostgreSQL vacía
cli-arg-help = Mostrar la ayuda
cli-arg-version = Mostrar la versión

cli-value-db = RUTA o URL
cli-value-address = DIRECCIÓN
cli-value-port = PUERTO
cli-value-pem = PEM
cli-value-email = CORREO
cli-value-name = NOMBRE
cli-value-dest = DESTINO
cli-value-src = ORIGEN

## Errores de uso (código de salida 2), con la forma de los de clap

cli-quoted = «{ $text }»
cli-error-unknown-argument = no se esperaba el argumento «{ $arg }»
cli-error-unknown-command = no se reconoce el comando «{ $command }»
cli-error-invalid-value = el valor «{ $value }» no es válido para «{ $arg }»
cli-error-invalid-value-because = el valor «{ $value }» no es válido para «{ $arg }»: { $reason }
cli-reason-port = escriba un número del 0 al 65535
cli-reason-address = escriba una dirección IP, p. ej., 127.0.0.1 (solo este equipo) o 0.0.0.0 (todas las direcciones de red)
cli-error-value-missing = «{ $arg }» necesita un valor y no se ha indicado ninguno
cli-error-possible-values = [valores posibles: { $values }]
cli-error-required = faltan estos argumentos obligatorios:
cli-error-command-required = «{ $command }» necesita un comando y no se ha indicado ninguno
cli-error-commands = [comandos: { $commands }]
cli-error-repeated = el argumento { $arg } no se puede usar más de una vez
cli-error-conflict = el argumento { $arg } no se puede usar con { $others }
cli-error-command-conflict = el comando { $command } no se puede usar con { $others }
cli-error-no-equals = «{ $arg }» necesita un signo igual antes de su valor
cli-error-too-many-values = sobra el valor «{ $value }» de «{ $arg }»: no se esperaban más
cli-error-not-utf8 = uno o más argumentos contienen texto UTF-8 no válido
cli-error-other = gatehouse no entiende esta línea de comandos
cli-tip = sugerencia
cli-tip-similar-argument = { $count ->
        [one] existe un argumento parecido: { $names }
       *[other] existen argumentos parecidos: { $names }
    }
cli-tip-similar-command = { $count ->
        [one] existe un comando parecido: { $names }
       *[other] existen comandos parecidos: { $names }
    }
cli-tip-similar-value = { $count ->
        [one] existe un valor parecido: { $names }
       *[other] existen valores parecidos: { $names }
    }
cli-tip-as-value = para pasar «{ $arg }» como valor, use «-- { $arg }»
cli-more-information = Para más información, pruebe «{ $flag }».

## Fallos al ejecutar: el resto de una línea «error:» (código de salida 1)

cli-no-data-folder = no se encuentra la carpeta de datos de este equipo (¿no hay carpeta personal?); elija un archivo con --db
cli-cannot-start = no se puede iniciar: { $reason }
cli-cannot-open = no se puede abrir { $database }: { $reason }
cli-no-folder = la carpeta { $folder } no existe; créela antes o elija otro archivo con --db
cli-check-no-database = no hay ninguna base de datos en { $database }
cli-cannot-read = no se puede leer { $database }: { $reason }
cli-cannot-claim = no se puede usar { $database }: { $reason }
cli-database-failed = ha fallado la base de datos { $database }: { $reason }
cli-settings-invalid = no se puede usar la configuración (Rocket.toml y las variables ROCKET_): { $reason }
cli-tls-cert-unreadable = no se puede leer el certificado TLS { $file }: { $reason }
cli-tls-key-unreadable = no se puede leer la clave TLS { $file }: { $reason }
cli-lock-unusable = no se puede usar el archivo de bloqueo { $file }: { $reason }
cli-port-taken = no se puede escuchar en esa dirección y ese puerto ({ $reason }); ¿ya se está ejecutando gatehouse? Deténgalo o elija otro puerto con --port
cli-cannot-listen = no se puede empezar a escuchar: { $reason }; revise --address, --port y los archivos TLS
cli-server-stopped = el servidor se ha detenido: { $reason }
cli-config-invalid = la configuración no es válida: { $reason }
cli-secret-key-unusable = no se puede usar el valor de secret_key; quítelo y gatehouse creará uno propio
cli-server-cannot-start = no se ha podido iniciar el servidor: { $reason }
cli-backup-failed = no se ha podido hacer la copia de seguridad: { $reason }
cli-restore-failed = no se ha podido restaurar la base de datos: { $reason }
cli-check-failed = la comprobación de { $database } ha fallado: { $reason }
cli-mail-unusable = no se puede usar la configuración de correo: { $reason }
cli-mail-not-made = no se ha podido preparar el mensaje de prueba: { $reason }
cli-json-failed = no se puede escribir la lista en JSON: { $reason }

## Configuración (Rocket.toml y variables ROCKET_) que impide el inicio

config-unreadable = no se puede leer la configuración: { $reason }
config-unknown-section = Rocket.toml tiene una sección [{ $section }] que gatehouse no lee{ $suggestion }; las secciones válidas son { $sections }
config-unknown-setting = { $name } no es una opción que gatehouse conozca{ $suggestion } (en la sección [{ $section }] de Rocket.toml o en una variable ROCKET_); las opciones válidas son: { $settings }
config-did-you-mean = { " " }(¿quería decir { $name }?)
config-bcrypt-cost = bcrypt_cost debe estar entre 4 y 31 (ahora es { $cost }); 12 es un buen valor
config-session-lengths = session_idle_minutes, session_absolute_hours y remember_days deben valer al menos 1
config-pool = db_pool_size y db_connect_timeout deben valer al menos 1
config-mail-needs-public-url = para enviar correo hace falta public_url (la dirección en la que se abre gatehouse), de modo que los enlaces de los mensajes lleven allí y a ningún otro sitio: escriba public_url = "https://gatehouse.office.example" (con el nombre o la dirección de este servidor) en la sección [default] de Rocket.toml, junto a [default.smtp]
config-public-url = public_url = { $url } no es una dirección que se pueda abrir; escríbala con esta forma: "https://gatehouse.example.org"
config-trusted-proxies = trusted_proxies contiene { $entry }, que no es una dirección ni un rango; escriba direcciones y rangos CIDR, como ["10.0.0.5", "192.168.1.0/24"]
config-cookie-domain = cookie_domain = { $value } no es un dominio; escriba el dominio que comparten las aplicaciones y gatehouse, como "oficina.example"
config-default-language = default_language = { $value } no es un idioma disponible en gatehouse; escriba uno de estos: { $codes }
config-log-level = log_level = { $value } no es un nivel de registro válido; escriba uno de estos (del más discreto al más detallado): { $names }
config-log-format = log_format = { $value } no es un formato de registro válido; escriba uno de estos: { $names }
config-gatehouse-log = GATEHOUSE_LOG = { $value } no es ni un nivel de registro ni un filtro válido ({ $reason }); escriba un nivel, como info, o un filtro, como warn,gatehouse::request=info

# Groups
cli-about-user-groups = Fija los grupos de un usuario (exactamente estos; una lista vacía lo saca de todos)
cli-about-group = Gestiona los grupos, que indican quién puede abrir cada aplicación
cli-about-group-create = Crea un grupo
cli-about-group-rename = Cambia el nombre de un grupo
cli-about-group-delete = Elimina un grupo (sus personas siguen, fuera de él)
cli-about-group-list = Muestra todos los grupos y las personas de cada uno
cli-arg-groups-set = Los nombres de los grupos, separados por comas o puntos y comas ("" para ninguno; una coma, un punto y coma o una barra inversa dentro de un nombre, como \, \; o \\)
cli-arg-group-name = El nombre del grupo (de 1 a 64 caracteres; para encontrarlo no importan las mayúsculas)
cli-arg-group-to = El nuevo nombre del grupo
cli-value-group = NOMBRE
cli-value-groups = "NOMBRE,NOMBRE"
cli-group-created = Grupo «{ $name }» creado.
cli-group-renamed = El grupo «{ $from }» se llama ahora «{ $to }».
cli-group-deleted = Grupo «{ $name }» eliminado ({ $count ->
    [one] tenía 1 persona
   *[other] tenía { $count } personas
}).
cli-no-groups-yet = Todavía no hay grupos. Cree uno con: gatehouse group create --name "Contabilidad"
cli-group-line = { $name } ({ $count ->
    [one] 1 persona
   *[other] { $count } personas
})
cli-user-groups-set = { $email } está ahora en: { $groups }
cli-user-groups-none = { $email } ya no está en ningún grupo.

# Aplicaciones
cli-about-app = Gestiona las aplicaciones tras el proxy, en las que la puerta deja entrar
cli-about-app-create = Registra una aplicación tras el proxy
cli-about-app-list = Muestra las aplicaciones, dónde están y quién puede entrar
cli-about-app-delete = Quita una aplicación (se deniegan entonces las peticiones a su dirección)
cli-about-oidc = OpenID Connect: las claves que firman lo que gatehouse dice a las aplicaciones
cli-about-oidc-rotate-key = Crea una clave de firma nueva; la anterior sigue publicada hasta que caduque lo que firmó
cli-oidc-key-rotated = Desde ahora firma una clave nueva ({ $kid }), en todos los gatehouse de esta base de datos. Las anteriores siguen publicadas { $minutes } minutos, hasta que caduque lo que firmaron.
cli-arg-app-name = El nombre de la aplicación (de 1 a 64 caracteres)
cli-arg-app-host = Su host, como se teclea: wiki.oficina.example, *.oficina.example, o con :PUERTO
cli-arg-app-path = Un prefijo de ruta, como /publico (segmentos enteros) [por defecto: toda la aplicación]
cli-arg-app-allow = Quién puede entrar: everyone (con sesión), admins, anyone (público) o group:NOMBRE, tantos como haga falta [por defecto: everyone]
cli-arg-app-two-factor = Exigir la verificación en dos pasos para esta aplicación
cli-about-app-new-secret = Da un secreto nuevo a una aplicación que inicia sesión con gatehouse (el anterior deja de funcionar al momento)
cli-arg-app-oidc = La aplicación inicia la sesión de las personas con gatehouse (OpenID Connect) en vez de estar tras el proxy
cli-arg-app-redirect-uri = Una dirección a la que se puede devolver a la persona tras iniciar sesión, tal como la da la aplicación (repítala para varias)
cli-arg-app-public = La aplicación no puede guardar un secreto (funciona en el navegador o en los equipos de las personas): sin secreto, siempre con PKCE
cli-arg-app-no-pkce = La aplicación no puede enviar un desafío PKCE (algunas aplicaciones antiguas): desactívelo solo para esas
cli-arg-app-refresh = La aplicación puede mantener la sesión con tokens de actualización (cuando pide offline_access)
cli-arg-app-consent = Preguntar a las personas antes de que la aplicación reciba sus datos por primera vez: none u once
cli-value-url = URL
cli-value-consent = none|once
cli-value-app = NOMBRE
cli-value-host = HOST
cli-value-path = RUTA
cli-value-allow = QUIÉN
cli-app-created = Aplicación «{ $name }» añadida en { $host }.
cli-oidc-app-created = Aplicación «{ $name }» añadida: inicia sesión con gatehouse. Ponga estos datos en su configuración de OpenID; el secreto solo se muestra ahora.
cli-app-new-secret = La aplicación «{ $name }» tiene un secreto nuevo; el anterior ya no funciona. Póngalo en la configuración de OpenID de la aplicación; solo se muestra ahora.
cli-app-deleted = Aplicación «{ $name }» quitada.
cli-no-apps-yet = Todavía no hay aplicaciones. Añada una con: gatehouse app create --name Wiki --host wiki.oficina.example

## Importar personas (gatehouse import)
cli-about-import = Importar personas desde otra aplicación
cli-about-import-flask = Importar las personas de una aplicación Flask, que conservan sus contraseñas (sin --apply, solo dice lo que haría)
cli-arg-import-from = El archivo SQLite de la aplicación Flask, o su URL de PostgreSQL
cli-arg-import-table = La tabla que guarda sus personas (si no se indica, gatehouse la busca)
cli-arg-import-columns = Las columnas del correo (o nombre de usuario) y del hash de la contraseña, como email,password_hash (si no se indican, gatehouse las busca)
cli-arg-import-apply = Importarlas (sin esta opción no se escribe nada)
cli-value-source = ARCHIVO o URL
cli-value-table = TABLA
cli-value-columns = CORREO,CONTRASEÑA
cli-import-columns-shape = --columns lleva dos nombres de columna separados por una coma, el del dato de acceso y el del hash de la contraseña: --columns email,password_hash
cli-import-unreadable = no se puede leer { $source }: { $reason }
cli-import-no-table = { $source } no tiene ninguna tabla que parezca la de usuarios de una aplicación Flask (sus tablas: { $tables }); indíquela con --table
cli-import-several-tables = más de una tabla de { $source } podría guardar sus personas ({ $tables }); indique una con --table
cli-import-no-such-table = { $source } no tiene ninguna tabla «{ $table }» (sus tablas: { $tables })
cli-import-no-columns = la tabla «{ $table }» no tiene ninguna columna que gatehouse reconozca para el correo y el hash de la contraseña (sus columnas: { $columns }); indíquelas con --columns CORREO,CONTRASEÑA
cli-import-no-such-column = la tabla «{ $table }» no tiene ninguna columna «{ $column }» (sus columnas: { $columns })
cli-import-reading = Leído { $source }: tabla «{ $table }», correo (o nombre de usuario) en «{ $entry }», hash de la contraseña en «{ $password }».
cli-import-row-new = nueva       { $entry } ({ $name }; { $kind })
cli-import-row-new-admin = nueva       { $entry } ({ $name }; { $kind }; administrador)
cli-import-row-new-disabled = nueva       { $entry } ({ $name }; { $kind }; desactivada, como en la aplicación)
cli-import-row-here = ya está     { $entry }: ya está en gatehouse, no se cambia
cli-import-row-skipped = omitida     { $entry }: { $why }
cli-import-dry-run = Por importar: { $new }; ya están: { $here }; { $skipped ->
        [one] omitida: 1
       *[other] omitidas: { $skipped }
    }. No se ha escrito nada: ejecute la misma orden con --apply para importarlas.
cli-import-applied = Importadas: { $new }; ya estaban: { $here }; { $skipped ->
        [one] omitida: 1
       *[other] omitidas: { $skipped }
    }. Entran con la contraseña que tenían; en ese primer inicio de sesión gatehouse la vuelve a guardar con su propio método (bcrypt).
import-skip-not-email = no es una dirección de correo (en gatehouse se entra con el correo): añada a esta persona a mano, o dele antes un correo en la aplicación
import-skip-twice = la misma dirección que una fila anterior
import-skip-no-password = sin contraseña: añada a esta persona a mano con una invitación
import-skip-other-hash = un hash de contraseña que gatehouse no puede comprobar (admite scrypt y pbkdf2 de Werkzeug, y bcrypt): añada a esta persona a mano con una invitación
import-skip-hash-caps = un hash de contraseña que pide más memoria o tiempo de lo que gatehouse permite (ninguna aplicación Flask lo escribe por sí sola): añada a esta persona a mano con una invitación
import-skip-hash-malformed = un hash de contraseña dañado (no como lo escribe Werkzeug): añada a esta persona a mano con una invitación

## Hojas de cálculo (gatehouse user import, user export)
cli-about-user-import = Importar personas desde una hoja de cálculo (CSV): sin --apply, solo dice lo que cambiaría
cli-about-user-export = Exportar todas las personas a una hoja de cálculo (CSV, UTF-8), en la salida estándar o en un archivo
cli-arg-sheet-file = El archivo CSV: columnas nombre, correo, rol, grupos, idioma (en español o en inglés)
cli-arg-sheet-apply = Hacer los cambios: todas las filas, o ninguna si alguna tiene algún problema
cli-arg-sheet-output = El archivo que escribir (sin esta opción, la salida estándar)
cli-value-csv = ARCHIVO.csv
cli-sheet-unreadable = no se puede leer { $file }: { $reason }
cli-sheet-unwritable = no se puede escribir { $file }: { $reason }
cli-sheet-refused = { $file }: { $reason }
cli-sheet-row-new = línea { $line }: nueva        { $email } ({ $name }), invitada
cli-sheet-row-changed = línea { $line }: cambia       { $email }: { $fields }
cli-sheet-row-unchanged = línea { $line }: sin cambios  { $email }
cli-sheet-row-wrong = línea { $line }: problema     { $email }: { $why }
cli-sheet-dry-run = Nuevas: { $new }; con cambios: { $changed }; sin cambios: { $unchanged }. No se ha escrito nada: ejecute la misma orden con --apply para hacer los cambios.
cli-sheet-fix-wrong = { $wrong ->
        [one] Una fila tiene algún problema
       *[other] { $wrong } filas tienen algún problema
    }: no se importará nada hasta que se corrija el archivo.
cli-sheet-not-applied = { $wrong ->
        [one] una fila tiene algún problema
       *[other] { $wrong } filas tienen algún problema
    }: no se ha importado nada. Corrija el archivo y ejecute la orden de nuevo.
cli-sheet-applied = Nuevas: { $new } (sus enlaces de invitación, arriba); con cambios: { $changed }; { $groups ->
        [one] un grupo creado
       *[other] { $groups } grupos creados
    }.
cli-sheet-exported = Escrito en { $file }.
