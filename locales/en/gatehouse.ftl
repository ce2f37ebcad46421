# gatehouse in English: every word a person reads, on the pages, in the
# messages and on the command line. Copy this file to locales/<code>/ and
# translate the text after each "=" to add a language (see docs/TRANSLATING.md).
# No HTML here: the templates add the markup around these texts.

## The language itself

# The language's own name, as the footer switch and /account show it.
language-name = English
# How this language writes a date and time ($day, $month, $year, $time).
datetime = { $day } { $month } { $year }, { $time }
month-1 = Jan
month-2 = Feb
month-3 = Mar
month-4 = Apr
month-5 = May
month-6 = Jun
month-7 = Jul
month-8 = Aug
month-9 = Sep
month-10 = Oct
month-11 = Nov
month-12 = Dec
# Inside a sentence ("It works until 9 December 2026 at 09:41."): the month in full.
datetime-long = { $day } { $month } { $year } at { $time }
month-long-1 = January
month-long-2 = February
month-long-3 = March
month-long-4 = April
month-long-5 = May
month-long-6 = June
month-long-7 = July
month-long-8 = August
month-long-9 = September
month-long-10 = October
month-long-11 = November
month-long-12 = December

## The layout of every page

skip-to-content = Skip to content
menu-label = Main
menu-users = Users
menu-audit = Security log
menu-account = Your account
badge-admin = admin
sign-out = Sign out
language-switch-label = Language
cancel = Cancel
fields-need-attention = Some fields need attention. See the messages below.
password-length-hint = (8 to 72 characters)
pager-label = Pages
pager-page-of = Page { $page } of { $pages }
pager-page = Page { $page }

## Roles and statuses

role-admin = Administrator
role-member = Member
status-active = active
status-disabled = disabled
status-locked = locked
status-passkey = passkey
status-invited = invited
status-two-factor = two-step

## Sign-in

login-title = Sign in
login-email = Email address
login-password = Password
login-remember = Keep me signed in on this computer
login-submit = Sign in
login-failed = The email address or password is not right. Check them and try again.
login-throttled = Too many failed sign-ins for this account, or from this computer. For safety, signing in is paused: { $minutes ->
        [one] try again in one minute.
       *[other] try again in { $minutes } minutes.
    } If you forgot your password, ask an administrator to set a new one.
login-setup-pending = No administrator has been set up yet. Open the setup link that gatehouse printed when it started, or run this command:
login-forgot = Forgot your password?
login-forgot-ask = Forgot your password? Ask an administrator for a reset link.
forgot-title = Choose a new password
forgot-intro = Type the email address of your account. If it is one, a link to choose a new password is mailed to it.
forgot-submit = Mail me a link
forgot-sent = If { $email } belongs to an account, a link to choose a new password is on its way.
forgot-sent-hint = Check your mail in a few minutes, the spam folder too. The link works once, for a limited time. If nothing comes, ask an administrator.
forgot-back = Back to sign in
forgot-throttled = Too many links were asked for this address, or from this computer. Wait { $minutes ->
        [one] a minute
       *[other] { $minutes } minutes
    } and try again, or ask an administrator.
signed-out = You have signed out.

## First administrator

setup-heading = Create the first administrator
setup-intro = This account will manage everyone else's. You will be signed in as soon as it is created.
setup-name = Your name
setup-email = Email address
setup-password = Password
setup-password-confirm = The same password again
setup-submit = Create administrator
setup-done = Welcome, { $name }. You are the first administrator of this gatehouse.
setup-link-wrong-title = This setup link is not valid
setup-link-wrong = Open the setup link exactly as gatehouse printed it when it started. To see it again, stop gatehouse and start it once more.
setup-done-already-title = gatehouse is already set up
setup-done-already = An administrator exists, so this setup link no longer works. Sign in with your email and password; if you have none yet, ask an administrator for an invitation.

## The directory

users-title = Users
users-count = { $count ->
        [one] One person
       *[other] { $count } people
    }
users-count-matching = { $count ->
        [one] One person matches “{ $query }”
       *[other] { $count } people match “{ $query }”
    }
users-more-than = More than { $count } people
users-more-than-matching = More than { $count } people match “{ $query }”
users-add = Add a user
users-search-label = Search by name or email
users-search = Search
users-clear = Clear
users-name = Name
users-email = Email
users-role = Role
users-status = Status
users-actions = Actions
users-unlock = Unlock
users-edit = Edit
users-delete = Delete
users-none-match = Nobody matches “{ $query }”. Try part of a name or an email address.
users-empty-page = There is nobody on this page.
users-first-page = Go to the first page
pager-previous = ← Previous
pager-next = Next →

## Adding and changing a user

user-new-title = Add a user
user-new-submit = Add user
user-edit-title = Edit { $name }
user-edit-yourself = This is your own account: your role and status stay as they are (another administrator can change them), and your password is changed on Your account.
user-edit-dates = Added on { $created } · last changed on { $updated }
user-edit-submit = Save changes
user-edit-delete = Delete this user…
user-name = Name
user-email = Email address
user-password-new = New password
user-password-new-hint = (leave blank to keep the current one)
user-password-temporary = Temporary password
user-password-temporary-hint = (8 to 72 characters; they choose their own at first sign-in). Leave it blank to make an invitation link instead: they choose their password by the link.
user-role = Role
user-role-member-hint = — sees the directory and their own account
user-role-admin-hint = — also adds, changes and deletes users
user-active = Active
user-active-hint = — a disabled user cannot sign in, and is signed out at once
user-created = { $name } was added. Give them their temporary password: they will choose their own when they first sign in.
user-saved = { $name } was saved.
user-saved-signed-out = { $name } was saved. { $count ->
        [one] They were signed out of their one session.
       *[other] They were signed out of their { $count } sessions.
    }
user-unlocked = { $name } can sign in again.
user-deleted = { $name } was deleted.

## Invitation and reset links

user-links-title = Links
user-links-invited = { $name } has not accepted the invitation yet. A new invitation link replaces the old one.
user-links-reset = A reset link lets { $name } choose a new password without telling anyone. It works once.
user-links-new-invite = Make a new invitation link
user-links-make-reset = Make a password reset link
link-issued-invite-title = Invitation for { $name }
link-issued-reset-title = Password reset link for { $name }
link-issued-invite = { $name } ({ $email }) was added. Send them this link: it lets them choose their password and sign in.
link-issued-reset = Send this link to { $name } ({ $email }): it lets them choose a new password. Their current password keeps working until then.
link-issued-copy = The link, to copy
link-issued-expires = It works until { $until }.
link-issued-once = It works once; a newer link replaces it.
link-issued-this-computer = This link opens only on this computer: you opened gatehouse at this computer's own address. To send it to someone, open gatehouse at the address colleagues use (its name or its network address), or set public_url in Rocket.toml, and make the link again.
link-choose-invite-title = Welcome, { $name }
link-choose-reset-title = A new password for { $name }
link-choose-invite = Choose your password. You will be signed in at once.
link-choose-reset = Choose a new password. You will be signed in at once, and signed out everywhere else.
link-choose-submit = Save the password and sign in
link-choose-code = You sign in in two steps: give a code from your authenticator app (or a recovery code) too. Nothing changes until it is right.
link-choose-passkey = You sign in in two steps: after this, use your passkey. Nothing changes until you do.
link-gone-title = This link cannot be used
link-gone-unknown = This link is not valid: it may be mistyped, or its person was removed.
link-gone-expired = This link has expired.
link-gone-used = This link was used already.
link-gone-replaced = A newer link was made since this one.
link-gone-disabled = This account is disabled.
link-gone-ask = Ask an administrator for a new link.
link-refused-unknown = unknown link
link-refused-expired = expired
link-refused-used = used already
link-refused-replaced = replaced by a newer link
link-refused-disabled = account disabled
detail-link-invite = invitation link
detail-link-reset = password reset link
detail-link-until = { $link }, works until { $until }
detail-link-refused = { $link }: { $why }
detail-mail-failed = mail not sent: { $reason }
detail-required = required by the office
detail-group = group: { $group }
detail-group-renamed = from “{ $from }” to “{ $to }”
detail-app = { $host }: { $who }
detail-app-two-factor = { $host }: { $who }, with two-step sign-in
detail-app-groups = people in { $groups }

## Two-step sign-in

two-factor-title = Two-step sign-in
two-factor-is-on = Two-step sign-in is on: after your password, gatehouse asks for a code from your authenticator app.
two-factor-is-off = Two-step sign-in is off. With it, a stolen password is not enough: signing in also needs a code from an app on your phone.
two-factor-manage = Manage two-step sign-in
two-factor-required = This office asks you to set up two-step sign-in before you go on.
two-factor-app-asks = The app at { $host } asks for two-step sign-in. Set it up here, then go back to it.
two-factor-back-to-app = Go back to { $host }
two-factor-start = Set up two-step sign-in
two-factor-codes-left = { $count ->
        [0] No recovery codes left: make new ones.
        [one] One recovery code left.
       *[other] { $count } recovery codes left.
    }
two-factor-new-codes = New recovery codes
two-factor-new-codes-submit = Make new recovery codes
two-factor-turn-off = Turn it off
two-factor-turn-off-submit = Turn two-step sign-in off
two-factor-turned-off = Two-step sign-in is off.
two-factor-setup-title = Set up two-step sign-in
two-factor-setup-scan = Open your authenticator app (such as Google Authenticator, Microsoft Authenticator or Aegis), add an account and scan this code:
two-factor-qr-label = QR code to scan with an authenticator app
two-factor-setup-type = Or type this key into the app:
two-factor-code = The 6-digit code from the app
two-factor-recovery-code = Recovery code
two-factor-setup-phone = Setting it up on this phone?
two-factor-setup-open-app = Open the authenticator app with this key
two-factor-confirm = Turn it on
two-factor-codes-title = Your recovery codes
two-factor-codes-on = Two-step sign-in is on.
two-factor-codes-keep = Keep these codes somewhere safe, away from your phone: each lets you sign in once if you lose the phone.
two-factor-codes-once = They are shown only now. Making new ones ends these.
two-factor-codes-done = Done
two-factor-admin-reset-hint = If { $name } lost their phone or laptop, turning two-step sign-in off removes their codes and passkeys, lets them sign in with their password alone, and signs them out everywhere.
two-factor-admin-reset = Turn two-step sign-in off
two-factor-reset-done = Two-step sign-in is off for { $name }, and they were signed out.
login-code-title = The code from your app
login-code-intro = Your password was right. Type the code your authenticator app shows now.
login-code-recovery = Lost your phone? Use a recovery code
login-code-again = Start again
login-code-recovery-left = { $count ->
        [0] You used your last recovery code. Make new ones on your account's two-step sign-in page now.
        [one] You used a recovery code: one is left. Make new ones on your account's two-step sign-in page.
       *[other] You used a recovery code: { $count } are left.
    }

## Deleting a user

user-delete-title = Delete { $name }?
user-delete-warning = { $name } ({ $email }) will be removed and signed out everywhere. This cannot be undone.
user-delete-submit = Delete { $name }
user-delete-back = Back to users

## Your account

account-title = Your account
account-details = Name and language
account-name = Your name
account-language = Language of the pages
account-language-auto = The browser’s language
account-save = Save
account-saved = Your name and language were saved.
account-password = Password
account-sessions = Where you are signed in
account-device = Device
account-address = Address
account-signed-in = Signed in
account-last-seen = Last seen
account-this-browser = this browser
account-kept-signed-in = (kept signed in)
account-sign-out-session = Sign out
account-sign-out-others = Sign out everywhere else
session-ended = That session was signed out.
sessions-ended = { $count ->
        [0] There was no other session to sign out.
        [one] Signed out one other session.
       *[other] Signed out { $count } other sessions.
    }
device-unknown = Unknown browser
device-on = { $browser } on { $system }
device-browser-on = A browser on { $system }

## Choosing a password

password-heading-temporary = Choose your own password
password-heading = Change your password
password-temporary-intro = An administrator gave you a temporary password. Choose your own to continue: only you will know it.
password-not-changed = The password was not changed. See the message below.
password-current-temporary = Your temporary password
password-current = Current password
password-new = New password
password-new-confirm = The new password again
password-submit = Change password
password-hint = Changing it signs you out on every other device.
password-changed = Your password was changed.
password-changed-signed-out = Your password was changed, and { $count ->
        [one] your other session was signed out.
       *[other] your { $count } other sessions were signed out.
    }

## The security log

audit-title = Security log
audit-count = { $count ->
        [one] One event, newest first
       *[other] { $count } events, newest first
    }
audit-time-zone = Times are in { $zone }.
audit-when = When
audit-event = Event
audit-by = By
audit-about = About
audit-address = Address
audit-details = Details
audit-empty = Nothing has been recorded.
audit-empty-page = Nothing has been recorded on this page.
audit-newest = Go to the newest events
audit-newer = ← Newer
audit-older = Older →
audit-command-line = command line
event-signed_in = Signed in
event-sign_in_failed = Sign-in failed
event-account_locked = Account locked
event-account_unlocked = Account unlocked
event-signed_out = Signed out
event-setup_completed = Setup completed
event-user_created = User added
event-user_changed = User changed
event-user_disabled = User disabled
event-user_enabled = User enabled
event-user_deleted = User deleted
event-password_changed = Password changed
event-password_reset = Password set by an administrator
event-sessions_ended = Sessions ended
event-access_denied = Access refused
event-form_refused = Form refused
event-link_created = Link made
event-link_mailed = Link mailed
event-link_mail_failed = Link not mailed
event-link_used = Link used
event-link_refused = Link refused
event-two_factor_on = Two-step sign-in on
event-two_factor_off = Two-step sign-in off
event-two_factor_reset = Two-step sign-in turned off by an administrator
event-recovery_code_used = Recovery code used
event-recovery_codes_made = New recovery codes
event-code_wrong = Wrong code
event-group_created = Group created
event-group_renamed = Group renamed
event-group_deleted = Group deleted
event-group_member_added = Added to a group
event-group_member_removed = Taken out of a group
event-app_created = App added
event-app_changed = App changed
event-app_deleted = App removed
event-app_refused = App refused
event-oidc_key_rotated = OpenID signing key replaced
event-app_secret_made = App secret replaced
event-app_signed_in = Signed in to an app
event-app_code_reused = App sign-in code used twice
event-app_refresh_reused = App refresh token used twice
event-app_refresh_refused = App refresh refused
event-app_access_ended = App access ended by its person
event-users_imported = People brought in
event-users_exported = Directory taken out as a spreadsheet
event-passkey_added = Passkey added
event-passkey_removed = Passkey removed
event-passkey_refused = Passkey refused
detail-passkey = passkey “{ $name }”
detail-passkey-refused-rejected = its answer did not verify (another site, or an old challenge)
detail-passkey-refused-counter = its signature counter went backwards: it may have been copied
detail-passkey-refused-unknown = no one has this passkey (removed, or never added)
detail-passkey-refused-disabled = its person is disabled
detail-passkey-refused-gone = its request had expired or was used already (a replayed answer?)
detail-imported = from { $from }: { $created } new, { $changed } changed
detail-exported = { $count ->
        [one] one person
       *[other] { $count } people
    }
detail-sessions = { $count ->
        [one] one session
       *[other] { $count } sessions
    }
detail-other-sessions = { $count ->
        [one] one other session
       *[other] { $count } other sessions
    }
detail-role = role: { $role }
detail-changed = changed: { $fields }
detail-changed-role = changed: { $fields } (the role is now { $role })
list-and = { $first } and { $last }
detail-field-name = name
detail-field-email = email
detail-field-role = role
detail-name-changed = changed the name
detail-locked = { $failures } failures in { $minutes } minutes
detail-refused = { $request }: { $why }
refused-needs-admin = needs an administrator
refused-other-site = sent from another site
refused-form-token = missing or wrong form token

## Error pages

error-status = Error { $status }
error-back = Back to the start page
error-title-400 = The request could not be read
error-title-403 = Not allowed
error-title-404 = Page not found
error-title-405 = Not available this way
error-title-413 = Too much to send
error-title-421 = Wrong address
error-title-422 = The request could not be read
error-title-429 = Too many attempts
error-title-503 = Not available just now
error-title-500 = Something went wrong
error-title-page = Unknown page
error-400 = The request could not be read. Go back, reload the page and try again.
error-403 = You are not allowed to do this. If you were filling in a form, it may have expired: go back, reload the page and try again.
error-404 = There is nothing at this address. Check the link, or go back to the start page.
error-405 = This page cannot be used that way. Go back to the start page.
error-413 = What you sent is too large. Shorten it and try again.
error-415 = This page expects a form. Go back, reload the page and try again.
error-421 = This server does not answer to that address. Open gatehouse by the address it printed when it started. An administrator can allow other names with the allowed_hosts setting.
error-422 = Some of the form was missing or could not be read. Go back, reload the page and try again.
error-429 = Too many attempts. Wait a little and try again.
error-503 = The database cannot be reached just now (the disk may be full or read-only). Try again in a moment; if this goes on, tell whoever runs gatehouse.
error-500 = Something went wrong on our side. Try again; if this goes on, tell whoever runs gatehouse.
error-admins-only = This page is for administrators, and you are signed in as a member. If something here needs changing, ask an administrator.

## What is wrong with what was typed

problem-email-missing = Enter an email address.
problem-email-too-long = An email address can be at most 254 characters long.
problem-email-has-spaces = An email address cannot contain spaces.
problem-email-shape = Enter an email address like name@example.com.
problem-email-taken = Someone already has this email address. Use another one.
problem-name-missing = Enter a name.
problem-name-too-long = A name can be at most 200 characters long; shorten it (a family name can be left out).
problem-name-has-controls = A name cannot contain control characters such as tabs or line breaks.
problem-password-too-short = Choose a password of at least 8 characters.
problem-password-common = This password is one of the most common ones and would be guessed quickly. Choose another: a few unrelated words make a good one.
problem-password-too-long = A password can be at most 72 bytes long (72 letters, fewer with accents or symbols). Choose a shorter one.
problem-passwords-differ = The two passwords are not the same. Type the same password twice.
problem-password-unchanged = Choose a password different from the current one.
problem-current-password-wrong = That is not your current password. Type it again.
problem-role-unknown = Choose a role: administrator or member.
problem-last-admin = This is the last active administrator. Make someone else an administrator first, so that someone can still manage users.
problem-own-password = To change your own password, use Your account: it asks for your current password first.
problem-not-yourself = You cannot remove your own administrator rights or disable your own account. Ask another administrator.
problem-delete-yourself = You cannot delete your own account. Ask another administrator.
problem-page-number = The page number must be a whole number from 1.
problem-language-unknown = Choose one of the languages offered.
problem-link-for-disabled = This account is disabled: a link would not work. Tick Active and save first.
problem-already-accepted = This person has chosen a password already: make a password reset link instead.
problem-code-wrong = That code is not right, or was used already. Type the code your app shows now (or a recovery code).
problem-two-factor-off = Two-step sign-in is not on for this account.
problem-two-factor-on = Two-step sign-in is on already. To set it up on a new phone, turn it off first.
problem-group-name-missing = Enter a name for the group.
problem-group-name-too-long = A group's name can be at most 64 characters long; shorten it.
problem-group-name-taken = There is a group with this name already (names are compared without regard to capitals). Choose another name, or use that group.
problem-group-unknown = There is no group with this name. Check the spelling, or create the group first.
problem-person-unknown = No one in gatehouse has this email address. Check it, or add the person first.
problem-app-name-missing = Enter a name for the app.
problem-app-name-too-long = An app's name can be at most 64 characters long; shorten it.
problem-app-name-taken = There is an app with this name already (names are compared without regard to capitals). Choose another name.
problem-host-shape = Enter the host name people type for the app, such as wiki.office.example, or *.office.example for all the names under one domain.
problem-host-port = A port is a number from 1 to 65535, after a colon: wiki.office.example:8443.
problem-path-prefix-shape = A path prefix starts with / and holds only the path's own characters, such as /public; leave it empty for the whole app.
problem-access-unknown = Choose who may enter the app.
problem-access-no-groups = Choose at least one group, or let everyone who is signed in enter.
problem-app-place-taken = Another app has this host and path prefix already. Change one of them, or edit that app.
problem-app-unknown = There is no app with this name. Check the spelling, or list the apps with: gatehouse app list

## Mail

mail-greeting = Hello { $name },
mail-invite-subject = { $sender } invited you to gatehouse
mail-invite-intro = { $sender } added you to gatehouse, where your office manages who can sign in. Open this link to choose your password:
mail-reset-subject = A link to choose a new gatehouse password
mail-reset-intro-admin = { $sender } made you a link to choose a new password for gatehouse:
mail-reset-intro-self = Someone, most likely you, asked for a new gatehouse password for this address. Open this link to choose one:
mail-expires = The link works once, until { $until }.
mail-ignore = If you did not expect this message, you can ignore it: nothing changes until the link is used.
mail-codes-refused-subject = Wrong two-step codes on your gatehouse account
mail-codes-refused-body = Today someone signed in to gatehouse with your password and then typed { $count } wrong two-step codes. For your safety, codes for your account are refused for a day.
mail-codes-refused-advice = If it was not you, someone else knows your password: change it on your account page as soon as you can sign in, or ask an administrator for a reset link. If it was you, wait a day, or ask an administrator to turn two-step sign-in off for you.
mail-test-subject = gatehouse test message
mail-test-body = This is a test message from gatehouse. If you can read it, gatehouse can send mail.
link-mailed = The link was also mailed to { $email }.
link-mail-failed = The link could not be mailed to { $email } ({ $reason }). Copy it and send it yourself.

## The command line and the banner

cli-database = Database: { $database }
cli-open = Open { $url } in a browser. Press Ctrl-C to stop.
cli-every-address = Listening on every network address: colleagues use this computer's name or address.
cli-colleagues = Colleagues on the network can open:
cli-setup-link = No administrator yet. Create the first one at this link (it works until one exists):
cli-already-running = gatehouse is already running on this database at { $url }; opening it in your browser.
cli-already-starting = a gatehouse server is already starting on { $database }; wait a moment
cli-no-browser = could not open a browser ({ $reason }); open { $url } yourself
cli-press-enter = Press Enter to close this window.
cli-user-created = Created { $role ->
        [admin] administrator
       *[other] member
    } { $name } <{ $email }> in { $database }.
cli-invite-made = Added { $name } <{ $email }>. Send them this invitation link; it works once, until { $until }:
cli-reset-made = A password reset link for { $name } <{ $email }>; it works once, until { $until }:
cli-mail-none = there are no mail settings: add a [default.smtp] table to Rocket.toml (host, from, and username and security where the server needs them; the password in GATEHOUSE_SMTP_PASSWORD)
cli-mail-sent = Sent a test message to { $to } through { $server }. The server answered: { $answer }
cli-mail-failed = the test message was not sent through { $server }: { $reason }
cli-two-factor-reset = Two-step sign-in is off for { $name } <{ $email }>; { $count ->
        [0] they had no session.
        [one] their one session was signed out.
       *[other] their { $count } sessions were signed out.
    }
cli-email-taken = a user with the email { $email } already exists
cli-no-such-user = no user has the email { $email } in { $database }; see `gatehouse user list`
cli-password-set = Changed the password of { $name } <{ $email }> in { $database }; { $count ->
        [one] one session signed out.
       *[other] { $count } sessions signed out.
    }
cli-list-id = ID
cli-list-email = EMAIL
cli-list-name = NAME
cli-list-role = ROLE
cli-list-status = STATUS
cli-password-prompt = New password: 
cli-password-again = The same password again: 
cli-password-unreadable = cannot read the password: { $reason }
cli-password-stdin-unreadable = cannot read the password from standard input: { $reason }
cli-no-terminal = there is no terminal to ask for the password; send it on standard input with --password-stdin
cli-passwords-differ = the two passwords are not the same; nothing was changed
cli-sqlite-only = `gatehouse { $command }` copies SQLite files; { $database } is PostgreSQL: use { $instead }
cli-backed-up = Backed up { $database } to { $file }.
cli-restored = Restored { $database } from { $file }.
cli-replaced-kept = The database it replaced is kept as { $file }.
cli-copy-same = { $database } is the database being copied; give another --to
cli-copy-no-source = there is no database at { $database } to copy
cli-copy-target-exists = { $database } exists; give the name of a new file (copy never writes over one)
cli-copy-not-empty = { $database } is not empty ({ $count } { $table }); copy into a new file or an empty database
cli-copy-mismatch = the copy of { $table } came out with { $written } rows instead of { $read }; nothing was kept in { $database }
cli-copy-failed = the copy to { $database } failed, and nothing was kept there: { $reason }
cli-progress-reading = Reading
cli-progress-copying = Copying rows
cli-progress-importing = Bringing people in
cli-progress-exporting = Writing people out
cli-copied = Copied { $from } to { $to }; the rows in each match:
cli-sound = { $database } is sound (schema version { $version }).
cli-server-running = a gatehouse server is using { $database }; stop it first (Ctrl-C in its window, or stop the service)
cli-server-running-at = a gatehouse server is using { $database }; stop it first (Ctrl-C in its window, or stop the service) (it answers at { $url })

# Groups
menu-groups = Groups
groups-title = Groups
groups-intro = Groups say who may open which of the office's apps. The administrator and member roles still say who manages gatehouse.
groups-add = Create a group
groups-name = Group name
groups-members = People
groups-member-count = { $count ->
    [one] 1 person
   *[other] { $count } people
}
groups-none = There are no groups yet. Create one, then add people to it here or on each person's page.
group-new-title = Create a group
group-new-submit = Create group
group-created = Group “{ $name }” created. Add people to it below.
group-renamed = The group is now called “{ $name }”.
group-people = People in this group
group-empty = No one is in this group yet.
group-add-email = Add a person by email address
group-add = Add to the group
group-remove = Take out
group-member-added = { $name } is now in the group.
group-member-removed = { $name } is no longer in the group.
group-rename = Rename the group
group-rename-submit = Save the name
group-delete-link = Delete this group
group-back = Back to the groups
group-delete-title = Delete the group “{ $name }”?
group-delete-warning = { $count ->
    [0] No one is in “{ $name }”. Apps that let this group in will no longer let anyone in through it.
    [one] The one person in “{ $name }” stays in gatehouse, out of the group. Apps that let this group in will no longer let them in through it.
   *[other] The { $count } people in “{ $name }” stay in gatehouse, out of the group. Apps that let this group in will no longer let them in through it.
}
group-delete-submit = Delete “{ $name }”
group-deleted = Group “{ $name }” deleted.
user-groups = Groups
user-groups-hint = (which of the office's apps they may open)
users-in-group = People in the group “{ $group }”
users-all = Everyone

# Apps
menu-apps = Apps
apps-title = Apps behind the gate
apps-intro = The office's apps that gatehouse lets people into, through the proxy (nginx, Caddy or Traefik) in front of them. See docs/GATE.md to set the proxy up.
apps-add = Add an app
apps-name = App name
apps-where = Address
apps-who = Who may enter
apps-none = No app is registered yet.
apps-deny-by-default = A request to an address no app names is refused.
app-host = Host
app-host-hint = (as people type it: wiki.office.example, *.office.example, or with a port: files.office.example:8443)
app-path-prefix = Path prefix
app-path-prefix-hint = (optional: /public covers /public and what is under it; empty: the whole app)
app-access-everyone = everyone signed in
app-access-everyone-hint = (every active person)
app-access-groups = people in these groups
app-access-groups-hint = (choose them below)
app-access-admins = administrators
app-access-admins-hint = (of gatehouse)
app-access-anyone = anyone, signed in or not
app-access-anyone-hint = (a public page, such as an app's health address)
app-no-groups-yet = There are no groups yet.
app-two-factor = Require two-step sign-in
app-two-factor-hint = (a person without it sets it up first)
app-new-title = Add an app
app-new-submit = Add the app
app-edit-title = { $name }
app-edit-submit = Save the app
app-delete-link = Remove this app
app-created = App “{ $name }” added. Requests to it now ask gatehouse.
app-saved = App “{ $name }” saved.
app-delete-title = Remove the app “{ $name }”?
app-delete-warning = Requests to { $host } will be refused by the gate, for everyone, until another app covers that address. The app itself is not touched.
app-delete-submit = Remove “{ $name }”
app-deleted = App “{ $name }” removed.
app-kind-proxy = Behind the proxy
app-kind-proxy-hint = An app with no sign-in of its own (or a public page): the proxy in front of it asks gatehouse before every request.
app-kind-oidc = Signs in through gatehouse
app-kind-oidc-hint = An app with its own sign-in that speaks OpenID Connect (Nextcloud, Grafana, Gitea…): it sends people here to sign in. See docs/APPS.md.
app-redirect-uris = Redirect URIs
app-redirect-uris-hint = (one a line, exactly as the app's OpenID settings give them)
app-client-type = Can the app keep a secret?
app-client-confidential = Yes: it runs on a server
app-client-confidential-hint = (it gets a client secret)
app-client-public = No: it runs in the browser or on people's computers
app-client-public-hint = (no secret; PKCE always)
app-pkce = Require PKCE
app-pkce-hint = (leave it on unless the app cannot do it: Gitea, Portainer and Outline cannot)
app-refresh = Allow staying signed in (refresh tokens)
app-refresh-hint = (when the app asks for offline_access; each use is checked again)
app-consent = Ask people before the app first gets their details?
app-consent-none = No: an app the office registered is trusted
app-consent-once = Yes, once per person, listing what it will receive
app-client-id = Client ID
app-client-secret = Client secret
app-issuer = Issuer
app-issuer-hint = (the app finds the rest at /.well-known/openid-configuration)
app-client-settings = Put these in the app's OpenID Connect settings:
app-oidc-created = App “{ $name }” added. It signs people in through gatehouse.
app-secret-made = App “{ $name }” has a new secret. The old one no longer works.
app-secret-once = Copy the secret now: it is shown only this once. If it is lost, make a new one on the app's page.
app-client-done = Done
app-new-secret-submit = Make a new secret
app-new-secret-hint = (the old one stops working at once)
apps-mine-title = Your apps
apps-mine-none = There is no app for you here yet. Ask an administrator if you need one.
problem-app-kind = This kind of app is not offered yet: add it as an app behind the proxy.
problem-redirect-uri-shape = A redirect URI is a full address that starts with https:// or http://, such as https://cloud.office.example/apps/oidc/redirect, with no #, no spaces and no user name in it. Copy it from the app's own settings.
problem-redirect-uri-missing = Give at least one redirect URI, one a line: the address the app says to use for OpenID sign-in.
problem-redirect-uris-too-many = An app can have at most 20 redirect URIs.
problem-consent-unknown = Choose whether people are asked before the app first gets their details: never, or once.
problem-oidc-needs-public-url = An app that signs in through gatehouse needs gatehouse's own address: set public_url in Rocket.toml (for example "https://auth.office.example"), restart gatehouse, and add the app again.
problem-oidc-access-anyone = "Anyone" is for an app's public pages behind the proxy; an app that signs people in lets in everyone signed in, some groups or administrators.
problem-app-has-no-secret = Only an app that signs in through gatehouse and keeps a secret (confidential) has a secret to replace.
problem-sheet-role-unknown = Write the role as admin or member (or leave the cell empty).
problem-sheet-language-unknown = Write the language as en, es or auto (or leave the cell empty).
problem-sheet-email-twice = This address is on another row of the file too: keep one of them.
problem-sheet-name-missing = This person is new: write their name.
problem-sheet-extra-cells = This row has more cells than the first row names columns: a cell that holds a comma or a semicolon needs quotes around it.
problem-passkey-name-missing = Give this passkey a name, such as “work laptop” or “phone”.
problem-passkey-name-shape = A passkey’s name is at most 60 characters, on one line.
import-column-row = Row
apps-manage = Manage the apps
continue-title = You are signed in
continue-link = Go on to the app
oidc-error-title = This app cannot sign you in here
oidc-unknown-client = The app that sent you here is not registered at gatehouse. Ask an administrator to add it at Apps, then try again from the app.
oidc-unknown-redirect = The app that sent you here asked to be answered at an address gatehouse does not know for it. Nothing was sent to it. An administrator can check the app's redirect URIs at Apps.
oidc-not-allowed = You are signed in, but { $app } is not open to you. Nothing was sent to it. If you need it, ask an administrator to let you in.
oidc-needs-two-factor = { $app } asks for two-step sign-in. Set it up at Your account › Two-step sign-in, then open { $app } again.
oidc-consent-title = Sign in to { $app }?
oidc-consent-intro = { $app } will receive:
oidc-scope-openid = an id that stays the same for you
oidc-scope-profile = your name
oidc-scope-email = your email address
oidc-scope-groups = the names of your groups
oidc-scope-offline_access = to stay signed in until you end it (at Your account)
oidc-consent-allow = Allow and go on
oidc-consent-once = You are asked once; your account page lists the apps you have allowed.
oidc-logout-title = Sign out of gatehouse?
oidc-logout-ask = An app asked gatehouse to sign you out. Sign out here too? You will have to sign in again to open the office's apps.
oidc-logout-submit = Sign out
oidc-logout-done = You are not signed in to gatehouse.
oidc-logout-sign-in = Sign in
account-apps = Apps that stay signed in
account-apps-intro = These apps signed you in through gatehouse and may stay signed in. Ending an app's access signs you out of it the next time it checks with gatehouse.
account-app-since = since
account-app-end = End access
account-app-ended = That app no longer stays signed in to your account.

## People in and out as spreadsheets (/users/import, /users/export.csv)
users-import = Import from a spreadsheet
users-export = Export to a spreadsheet
import-title = Import people from a spreadsheet
import-intro = Save the sheet as CSV (in Excel: File › Save As › “CSV UTF-8”), choose it here, and see what would change before anything does. New people get an invitation link to choose their own password; no password ever goes in the file.
import-file = The CSV file
import-file-hint = Commas or semicolons; UTF-8 or Windows-1252. At most { $max } people and 1 MB.
import-preview = Show what would change
import-columns-title = The columns (first row), in English or Spanish
import-column-email-hint = Required: who the row is about. Someone already here is updated; anyone else is invited.
import-column-name-hint = Their full name (required for someone new).
import-column-role-hint = admin or member (administrador, miembro); new people are members unless it says admin.
import-column-groups-hint = The groups they are in, separated by commas, exactly: groups not there yet are made. Empty: their groups stay as they are.
import-column-language-hint = en, es, or auto for their browser’s.
import-empty-cells = An empty cell leaves that field as it is. Other columns are left aside. Rows are applied all together, or none.
import-column-name = Name
import-column-email = Email
import-column-role = Role
import-column-groups = Groups
import-column-language = Language
export-link = Export everyone to a spreadsheet (CSV), to edit and import back
import-no-file = Choose a CSV file first.
import-too-large = This file is larger than 1 MB. Split it into smaller files and import them one after another.
import-too-many-rows = This file has more than { $max } people. Split it into smaller files and import them one after another.
import-empty = This file is empty. Save the sheet with its rows as CSV and choose it again.
import-not-csv = This is a workbook, not a CSV file. In Excel or LibreOffice, use Save As and choose “CSV UTF-8” (or “CSV”), then choose that file.
import-utf16 = This file was saved as “Unicode text”. Save it as “CSV UTF-8” instead, then choose it again.
import-no-email-column = The first row must name the columns, and one of them must be “email” (or “correo”).
import-broken = The file breaks CSV’s rules at line { $line } (a quote opened and never closed, perhaps). Fix that line and choose the file again.
import-preview-title = What the import would do
import-preview-file = { $file } ({ $encoding }, columns separated by “{ $delimiter }”)
import-preview-counts = { $new } new, { $changed } changed, { $unchanged } unchanged, { $wrong } with a problem.
import-preview-new-groups = These groups will be made: { $groups }.
import-preview-ignored = These columns are left aside: { $columns }.
import-confirm = Import: { $new } new and { $changed } changed
import-fix-wrong = Nothing will be imported while { $wrong ->
        [one] a row has a problem
       *[other] { $wrong } rows have a problem
    }: fix the file and choose it again.
import-again = Choose the file again
import-nothing-to-do = Everyone in this file is already as it says: there is nothing to import.
import-tab = tab
import-line = Line
import-status-new = new
import-status-changed = changes:
import-status-unchanged = unchanged
import-status-wrong = problem
import-gone = This import is no longer waiting: it was done, a newer file was chosen since, or a day has passed. Choose the file again.
import-changed-since = The directory has changed since this preview, and rows now have a problem. Nothing was imported.
import-done-title = Imported
import-done = { $file }: { $created } new, { $changed } changed, { $groups ->
        [one] one group made
       *[other] { $groups } groups made
    }.
import-done-invitations = Invitations
import-done-mailed = invitation mailed
import-done-mail-failed = the mail could not be sent; hand out this link:
detail-field-language = language
detail-field-groups = groups

## Passkeys (/account/passkeys, the sign-in page)
passkeys-title = Passkeys
passkeys-intro = A passkey signs you in with this computer’s or your phone’s own lock (a fingerprint, your face or a PIN) instead of a password. It works only at gatehouse’s own address, so a look-alike page gets nothing. It also counts as the second step.
passkeys-manage = Manage passkeys
passkeys-none = You have no passkey yet.
passkeys-added = added { $when }
passkeys-last-used = last used { $when }
passkeys-never-used = not used yet
passkeys-name = Name
passkeys-name-example = work laptop
passkeys-rename = Rename
passkeys-remove = Remove
passkeys-remove-password = Your password, to remove it
passkeys-remove-with-passkey = Remove, confirming with a passkey
passkeys-add-title = Add a passkey
passkeys-add = Add a passkey
passkeys-cancelled = The passkey dialog was closed or timed out; nothing changed. Try again when you are ready.
passkeys-failed = The passkey could not be used: the connection to gatehouse failed. Check the network and try again.
passkeys-unsupported = This browser cannot use passkeys. Use an up-to-date Chrome, Edge, Firefox or Safari, or sign in with your password.
passkeys-needs-script = Adding a passkey needs JavaScript, which is off in this browser.
passkeys-elsewhere = Passkeys work at gatehouse’s own address:
passkeys-not-secure = Browsers offer passkeys only on a secure address (https) or on this computer (localhost). Ask whoever set gatehouse up to serve it over https (see docs/OPERATIONS.md, “HTTPS”); until then, sign in with your password.
passkeys-back = Back to your account
passkeys-unavailable = Passkeys cannot be used at this address: open gatehouse at its https address or at localhost.
passkey-gone = This passkey request has expired or was already used. Try again.
passkey-rejected = The browser’s answer could not be checked: it was for another site, or an old request. Try again.
passkey-taken = This passkey is already added to an account.
passkey-none-waiting = No passkey is waiting for this sign-in: enter your code, or start again.
passkey-sign-in-failed = That passkey did not sign you in. If it was removed, or you are disabled, sign in with your password or ask an administrator.
passkey-busy = Too many passkey sign-ins are waiting to be finished. Sign in with your password, or try the passkey again in a few minutes.
passkey-renamed = Passkey renamed.
passkey-removed = Passkey “{ $name }” removed.
login-passkey = Sign in with a passkey
login-passkey-elsewhere = Sign in with a passkey at gatehouse’s own address
link-passkey-next = One more step: use your passkey, and your new password is saved.
login-code-passkey-intro = Use your passkey to finish signing in.
login-code-passkey-needs-script = Your passkey needs JavaScript, which is off in this browser: turn it on to finish signing in.
login-code-passkey-not-here = Your second step is a passkey, and browsers offer passkeys only on a secure address (https) or on this computer (localhost). Open gatehouse at that address, or ask an administrator to turn two-step sign-in off for you.
login-code-passkey = Use my passkey
