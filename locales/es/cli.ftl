# gatehouse en español: la línea de comandos (su ayuda, sus errores de uso y
# sus mensajes), junto a gatehouse.ftl.

## La lista de usuarios

cli-no-users-yet = Todavía no hay usuarios en { $database }. Cree la primera cuenta de administración con este comando:
cli-example-email = usted@example.com
cli-example-name = Su nombre

## Enlaces de invitación y para restablecer la contraseña

cli-link-this-computer-only = Solo este equipo puede abrir este enlace ({ $host }). Para que lo abra otra persona, inicie el servidor con --address 0.0.0.0 y envíe el enlace con la dirección de red de este equipo en lugar de { $host }, o escriba en public_url, en Rocket.toml, la dirección con la que se abre gatehouse desde otros equipos.
