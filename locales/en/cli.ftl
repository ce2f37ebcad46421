# gatehouse in English: the command line (its help, its usage errors and its
# messages), beside gatehouse.ftl. Every .ftl file of a language's folder is
# read; a translation has the same keys in the same files.

## The list of users

# Printed for an empty database, followed by the command that creates the
# first administrator (with the example email and name below).
cli-no-users-yet = No users yet in { $database }. Create the first administrator with this command:
cli-example-email = you@example.com
cli-example-name = Your Name

## Invitation and reset links

# Printed before a link that names this computer ($host: 127.0.0.1,
# localhost or [::1]), which no other computer can open.
cli-link-this-computer-only = Only this computer can open this link ({ $host }). For a colleague, start the server with --address 0.0.0.0 and send the link with this computer's network address in place of { $host }, or set public_url in Rocket.toml to the address colleagues open gatehouse at.
