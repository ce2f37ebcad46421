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

## Starting

# A start with no command (a double-click, or `gatehouse --no-open`) while a
# server already runs on the database: where it runs, and nothing opened.
cli-already-running-at = gatehouse is already running on this database at { $url }.

## Help: the commands, their options and clap's headings

cli-heading-usage = Usage
cli-heading-commands = Commands
cli-heading-arguments = Arguments
cli-heading-options = Options
# The placeholders in a usage line: gatehouse [OPTIONS] [COMMAND]
cli-placeholder-options = OPTIONS
cli-placeholder-command = COMMAND

cli-about = A sign-in page and user management for a small office, on one SQLite file or a PostgreSQL database.
cli-about-serve = Serve the sign-in page and user management (what runs with no command)
cli-about-user = Manage users from the command line
cli-about-user-create = Create a user; the password is asked for (or read with --password-stdin)
cli-about-user-set-password = Set a user's password and end their sessions
cli-about-user-invite = Add a user without a password and print their invitation link
cli-about-user-reset-link = Print a link with which a user chooses a new password
cli-about-user-reset-two-factor = Turn a user's two-step sign-in off (a lost phone) and end their sessions
cli-about-user-list = List every user with role and status
cli-about-backup = Copy the database to DEST while it is in use (a complete file or none)
cli-about-restore = Replace the database with the backup SRC (stop the server first)
cli-about-check = Check the database's integrity; exit 0 only when it is sound
cli-about-mail = Mail: check the [default.smtp] settings
cli-about-mail-test = Send a test message and print the mail server's answer
cli-about-copy = Copy the whole database into an empty one: a SQLite file or a postgres:// URL (stop the servers first)
cli-about-help = Print this message or the help of the given subcommand(s)

cli-arg-db = The database: a SQLite file, or postgres://USER@HOST:PORT/DATABASE (the password may come from PGPASSWORD); also GATEHOUSE_DB [default: gatehouse.db in this computer's data folder for gatehouse]
cli-arg-address = The address to listen on; 0.0.0.0 lets other computers on the network connect; also GATEHOUSE_ADDRESS [default: 127.0.0.1, or address in Rocket.toml]
cli-arg-port = The port to listen on; also GATEHOUSE_PORT [default: 8000, or port in Rocket.toml]
cli-arg-open = Open the browser once the server is ready [default with no command]
cli-arg-no-open = Do not open the browser
cli-arg-tls-cert = Serve HTTPS with this certificate chain (PEM); needs --tls-key
cli-arg-tls-key = The private key (PEM) of --tls-cert
cli-arg-email = The user's email address
cli-arg-name = The user's name, as colleagues see it (1 to 200 characters)
cli-arg-admin = Make the user an administrator
cli-arg-password-stdin = Read the password from the first line of standard input
cli-arg-json = Print JSON instead of a table
cli-arg-backup-dest = The backup file to write
cli-arg-restore-src = The backup file to restore
cli-arg-mail-to = The address to send it to
cli-arg-copy-to = The database to copy into: a new file, or an empty PostgreSQL database
cli-arg-help = Print help
cli-arg-version = Print version

# What a value stands for, in the help and the usage lines: --email <EMAIL>
cli-value-db = PATH or URL
cli-value-address = ADDRESS
cli-value-port = PORT
cli-value-pem = PEM
cli-value-email = EMAIL
cli-value-name = NAME
cli-value-dest = DEST
cli-value-src = SRC

## Usage errors (exit status 2), in clap's words

# A name from the command line, quoted.
cli-quoted = '{ $text }'
cli-error-unknown-argument = unexpected argument '{ $arg }' found
cli-error-unknown-command = unrecognized subcommand '{ $command }'
cli-error-invalid-value = invalid value '{ $value }' for '{ $arg }'
# $reason: what the program found wrong with it (the system's words).
cli-error-invalid-value-because = invalid value '{ $value }' for '{ $arg }': { $reason }
# What a --port and an --address must be, after cli-error-invalid-value-because.
cli-reason-port = write a number from 0 to 65535
cli-reason-address = write an IP address, such as 127.0.0.1 (this computer only) or 0.0.0.0 (every network address)
cli-error-value-missing = a value is required for '{ $arg }' but none was supplied
cli-error-possible-values = [possible values: { $values }]
# Followed by the missing arguments, one a line.
cli-error-required = the following required arguments were not provided:
cli-error-command-required = '{ $command }' requires a subcommand but one was not provided
cli-error-commands = [subcommands: { $commands }]
# $arg and $others are quoted already.
cli-error-repeated = the argument { $arg } cannot be used multiple times
cli-error-conflict = the argument { $arg } cannot be used with { $others }
cli-error-command-conflict = the subcommand { $command } cannot be used with { $others }
cli-error-no-equals = equal sign is needed when assigning values to '{ $arg }'
cli-error-too-many-values = unexpected value '{ $value }' for '{ $arg }' found; no more were expected
cli-error-not-utf8 = invalid UTF-8 was detected in one or more arguments
cli-error-other = the command line is not one gatehouse understands
cli-tip = tip
# $names are quoted already.
cli-tip-similar-argument = { $count ->
        [one] a similar argument exists: { $names }
       *[other] some similar arguments exist: { $names }
    }
cli-tip-similar-command = { $count ->
        [one] a similar subcommand exists: { $names }
       *[other] some similar subcommands exist: { $names }
    }
cli-tip-similar-value = { $count ->
        [one] a similar value exists: { $names }
       *[other] some similar values exist: { $names }
    }
cli-tip-as-value = to pass '{ $arg }' as a value, use '-- { $arg }'
cli-more-information = For more information, try '{ $flag }'.

## Runtime failures: the rest of an `error:` line (exit status 1)

# $reason is the system's or the database engine's own account of it.
cli-no-data-folder = cannot find this computer's data folder (no home folder?); choose a file with --db
cli-cannot-start = cannot start: { $reason }
cli-cannot-open = cannot open { $database }: { $reason }
cli-no-folder = the folder { $folder } does not exist; create it first or choose another --db
cli-check-no-database = there is no database at { $database }
cli-cannot-read = cannot read { $database }: { $reason }
cli-cannot-claim = cannot serve { $database }: { $reason }
cli-database-failed = the database { $database } failed: { $reason }
cli-settings-invalid = the settings (Rocket.toml and ROCKET_ variables) cannot be used: { $reason }
cli-tls-cert-unreadable = cannot read the TLS certificate { $file }: { $reason }
cli-tls-key-unreadable = cannot read the TLS key { $file }: { $reason }
cli-lock-unusable = cannot use the lock file { $file }: { $reason }
cli-port-taken = cannot listen on that address and port ({ $reason }); is gatehouse already running? Stop it, or choose another port with --port
cli-cannot-listen = cannot start listening: { $reason }; check --address, --port and the TLS files
cli-server-stopped = the server stopped: { $reason }
cli-config-invalid = the configuration is not valid: { $reason }
cli-secret-key-unusable = the configured secret_key is not usable; remove it and gatehouse makes its own
cli-server-cannot-start = the server could not start: { $reason }
cli-backup-failed = no backup was made: { $reason }
cli-restore-failed = the database was not restored: { $reason }
cli-check-failed = the check of { $database } failed: { $reason }
cli-mail-unusable = the mail settings cannot be used: { $reason }
cli-mail-not-made = the test message cannot be written: { $reason }
cli-json-failed = cannot write the list as JSON: { $reason }

## Settings (Rocket.toml and ROCKET_ variables) that stop the start

config-unreadable = the configuration cannot be read: { $reason }
# $suggestion is config-did-you-mean, or nothing.
config-unknown-section = Rocket.toml has a section [{ $section }] that gatehouse does not read{ $suggestion }; the sections are { $sections }
config-unknown-setting = { $name } is not a setting gatehouse knows{ $suggestion } (in Rocket.toml's [{ $section }] or a ROCKET_ variable); the settings are: { $settings }
config-did-you-mean = { " " }(did you mean { $name }?)
config-bcrypt-cost = bcrypt_cost must be between 4 and 31 (it is { $cost }); 12 is a good choice
config-session-lengths = session_idle_minutes, session_absolute_hours and remember_days must be at least 1
config-pool = db_pool_size and db_connect_timeout must be at least 1
config-mail-needs-public-url = mail needs public_url, the address people open gatehouse at, so that the links it mails lead there and nowhere else: write public_url = "https://gatehouse.office.example" (this server's name or address) in Rocket.toml's [default], beside [default.smtp]
config-public-url = public_url = { $url } is not an address people can open; write it like "https://gatehouse.example.org"
config-trusted-proxies = trusted_proxies has { $entry }, which is not an address or a range; write addresses and CIDR ranges, such as ["10.0.0.5", "192.168.1.0/24"]
config-cookie-domain = cookie_domain = { $value } is not a domain; write the domain the apps and gatehouse share, such as "office.example"
config-default-language = default_language = { $value } is not a language gatehouse has; write one of { $codes }
config-log-level = log_level = { $value } is not a log level; write one of { $names } (from the quietest)
config-log-format = log_format = { $value } is not a log format; write one of { $names }
config-gatehouse-log = GATEHOUSE_LOG = { $value } is neither a log level nor a filter ({ $reason }); write a level such as info, or a filter such as warn,gatehouse::request=info

# Groups
cli-about-user-groups = Set the groups a user is in (exactly these; an empty list takes them out of every group)
cli-about-group = Manage groups, which say who may open which app
cli-about-group-create = Create a group
cli-about-group-rename = Rename a group
cli-about-group-delete = Delete a group (its people stay, out of it)
cli-about-group-list = List every group and the people in it
cli-arg-groups-set = The groups' names, separated by commas or semicolons ("" for none; a comma, semicolon or backslash inside a name as \, \; or \\)
cli-arg-group-name = The group's name (1 to 64 characters; capitals do not matter to find it)
cli-arg-group-to = The group's new name
cli-value-group = NAME
cli-value-groups = "NAME,NAME"
cli-group-created = Group “{ $name }” created.
cli-group-renamed = Group “{ $from }” is now called “{ $to }”.
cli-group-deleted = Group “{ $name }” deleted ({ $count ->
    [one] 1 person was in it
   *[other] { $count } people were in it
}).
cli-no-groups-yet = There are no groups yet. Create one with: gatehouse group create --name "Accounts"
cli-group-line = { $name } ({ $count ->
    [one] 1 person
   *[other] { $count } people
})
cli-user-groups-set = { $email } is now in: { $groups }
cli-user-groups-none = { $email } is now in no group.

# Apps
cli-about-app = Manage the apps behind the proxy, which the gate lets people into
cli-about-app-create = Register an app behind the proxy
cli-about-app-list = List the apps, where they are and who may enter
cli-about-app-delete = Remove an app (requests to its address are then refused)
cli-about-oidc = OpenID Connect: the keys that sign what gatehouse tells the apps
cli-about-oidc-rotate-key = Make a new signing key; the old one stays published until what it signed has expired
cli-oidc-key-rotated = A new key ({ $kid }) signs from now on, on every gatehouse of this database. The old ones stay published for { $minutes } minutes, until what they signed has expired.
cli-arg-app-name = The app's name (1 to 64 characters)
cli-arg-app-host = Its host, as people type it: wiki.office.example, *.office.example, or with :PORT
cli-arg-app-path = A path prefix, such as /public (whole segments) [default: the whole app]
cli-arg-app-allow = Who may enter: everyone (signed in), admins, anyone (public), or group:NAME, as many as needed [default: everyone]
cli-arg-app-two-factor = Require two-step sign-in for this app
cli-about-app-new-secret = Give an app that signs in through gatehouse a new secret (the old one stops working at once)
cli-arg-app-oidc = The app signs people in through gatehouse (OpenID Connect) instead of standing behind the proxy
cli-arg-app-redirect-uri = An address the app may be sent back to after sign-in, exactly as the app gives it (repeat for several)
cli-arg-app-public = The app cannot keep a secret (it runs in the browser or on people's computers): no secret, PKCE always
cli-arg-app-no-pkce = The app cannot send a PKCE challenge (some older apps): leave it off only for those
cli-arg-app-refresh = The app may stay signed in with refresh tokens (when it asks for offline_access)
cli-arg-app-consent = Ask people before the app first gets their details: none or once
cli-value-url = URL
cli-value-consent = none|once
cli-value-app = NAME
cli-value-host = HOST
cli-value-path = PATH
cli-value-allow = WHO
cli-app-created = App “{ $name }” added at { $host }.
cli-oidc-app-created = App “{ $name }” added: it signs in through gatehouse. Put these in its OpenID settings; the secret is shown only now.
cli-app-new-secret = App “{ $name }” has a new secret; the old one no longer works. Put it in the app's OpenID settings; it is shown only now.
cli-app-deleted = App “{ $name }” removed.
cli-no-apps-yet = There are no apps yet. Add one with: gatehouse app create --name Wiki --host wiki.office.example

## Bringing people in (gatehouse import)
cli-about-import = Bring people in from another app
cli-about-import-flask = Bring in a Flask app's people, who keep their passwords (says what it would do, unless --apply)
cli-arg-import-from = The Flask app's SQLite file, or its PostgreSQL URL
cli-arg-import-table = The table that holds its people (found without it when it can be)
cli-arg-import-columns = The columns of the sign-in entry and of the password hash, as email,password_hash (found without it when they can be)
cli-arg-import-apply = Bring them in (without it, nothing is written)
cli-value-source = FILE or URL
cli-value-table = TABLE
cli-value-columns = ENTRY,PASSWORD
cli-import-columns-shape = --columns takes two column names separated by a comma, the sign-in entry's and the password hash's: --columns email,password_hash
cli-import-unreadable = cannot read { $source }: { $reason }
cli-import-no-table = { $source } has no table that looks like a Flask app's users (its tables: { $tables }); name it with --table
cli-import-several-tables = more than one table of { $source } could hold its people ({ $tables }); name one with --table
cli-import-no-such-table = { $source } has no table “{ $table }” (its tables: { $tables })
cli-import-no-columns = the table “{ $table }” has no column gatehouse knows for the email and the password hash (its columns: { $columns }); name them with --columns EMAIL,PASSWORD
cli-import-no-such-column = the table “{ $table }” has no column “{ $column }” (its columns: { $columns })
cli-import-reading = Read { $source }: table “{ $table }”, sign-in entry in “{ $entry }”, password hash in “{ $password }”.
cli-import-row-new = new      { $entry } ({ $name }; { $kind })
cli-import-row-new-admin = new      { $entry } ({ $name }; { $kind }; administrator)
cli-import-row-new-disabled = new      { $entry } ({ $name }; { $kind }; disabled, as in the app)
cli-import-row-here = here     { $entry }: already in gatehouse, left as they are
cli-import-row-skipped = skipped  { $entry }: { $why }
cli-import-dry-run = { $new } to bring in, { $here } already here, { $skipped } skipped. Nothing was written: run the same command with --apply to bring them in.
cli-import-applied = { $new } brought in, { $here } already here, { $skipped } skipped. They sign in with the password they had; at that first sign-in gatehouse stores it its own way.
import-skip-not-email = not an email address (gatehouse signs people in by email): add this person by hand, or give them an email in the app first
import-skip-twice = the same address as a row before it
import-skip-no-password = no password: add this person by hand with an invitation
import-skip-other-hash = a password hash gatehouse cannot check (it takes Werkzeug's scrypt and pbkdf2, and bcrypt): add this person by hand with an invitation
import-skip-hash-caps = a password hash that asks for more memory or time than gatehouse allows (no Flask app writes one by itself): add this person by hand with an invitation
import-skip-hash-malformed = a damaged password hash (not as Werkzeug writes one): add this person by hand with an invitation

## Spreadsheets (gatehouse user import, user export)
cli-about-user-import = Bring people in from a spreadsheet (CSV): says what would change, unless --apply
cli-about-user-export = Write everyone as a spreadsheet (CSV, UTF-8), on standard output or to a file
cli-arg-sheet-file = The CSV file: columns name, email, role, groups, language (in English or Spanish)
cli-arg-sheet-apply = Make the changes: every row, or none when a row has a problem
cli-arg-sheet-output = The file to write (standard output without it)
cli-value-csv = FILE.csv
cli-sheet-unreadable = cannot read { $file }: { $reason }
cli-sheet-unwritable = cannot write { $file }: { $reason }
cli-sheet-refused = { $file }: { $reason }
cli-sheet-row-new = line { $line }: new        { $email } ({ $name }), invited
cli-sheet-row-changed = line { $line }: changes    { $email }: { $fields }
cli-sheet-row-unchanged = line { $line }: unchanged  { $email }
cli-sheet-row-wrong = line { $line }: problem    { $email }: { $why }
cli-sheet-dry-run = { $new } new, { $changed } changed, { $unchanged } unchanged. Nothing was written: run the same command with --apply to make the changes.
cli-sheet-fix-wrong = { $wrong ->
        [one] One row has a problem
       *[other] { $wrong } rows have a problem
    }: nothing will be imported until the file is fixed.
cli-sheet-not-applied = { $wrong ->
        [one] one row has a problem
       *[other] { $wrong } rows have a problem
    }: nothing was imported. Fix the file and run the command again.
cli-sheet-applied = { $new } new (their invitation links above), { $changed } changed, { $groups ->
        [one] one group made
       *[other] { $groups } groups made
    }.
cli-sheet-exported = Written to { $file }.
