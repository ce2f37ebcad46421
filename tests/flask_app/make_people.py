"""Fills the Flask app's database at DATABASE_URL (argv[1]) with people
whose passwords are known, in both of Werkzeug's formats, plus the rows an
import must refuse; prints them as JSON for the test: one object per row
with its email (or username), password and what gatehouse should do."""

import json
import sys

from app import User, create_app, db

PEOPLE = [
    # email, username, password, method, active, admin, expected
    ("ana@example.com", "ana", "correct horse battery", "scrypt", True, False, "new"),
    ("bruno@example.com", "bruno", "contraseña segura 7", "pbkdf2:sha256", True, False, "new"),
    ("carmen@example.com", "carmen", "la jefa 2024!", "scrypt", True, True, "new"),
    ("dario@example.com", "dario", "old but known", "pbkdf2:sha256:1000", False, False, "new"),
    ("eva@example.com", "eva", "short", "scrypt", True, False, "new"),
    (None, "felipe", "no email here", "scrypt", True, False, "skipped"),
]

HOSTILE = [
    # email, stored hash, expected
    ("greedy@example.com", "scrypt:1048576:8:1$salt$" + "a" * 128, "skipped"),
    ("slow@example.com", "pbkdf2:sha256:99999999$salt$" + "0" * 64, "skipped"),
    ("odd@example.com", "scrypt:30000:8:1$salt$" + "a" * 128, "skipped"),
    ("plain@example.com", "the plain password", "skipped"),
    ("md5@example.com", "md5$salt$0123456789abcdef0123456789abcdef", "skipped"),
    ("costly@example.com", "$2b$31$abcdefghijklmnopqrstuu5cP6bU6lY7lqoC3vG7WvN1nS3vQ1E2e", "skipped"),
]


def main():
    app = create_app(sys.argv[1])
    rows = []
    with app.app_context():
        db.create_all()
        for email, username, password, method, active, admin, expected in PEOPLE:
            user = User(username=username, email=email, active=active, is_admin=admin)
            user.set_password(password, method=method)
            assert user.check_password(password)
            db.session.add(user)
            rows.append(
                {"entry": email or username, "password": password, "hash": user.password_hash, "expected": expected}
            )
        for email, stored, expected in HOSTILE:
            db.session.add(User(username=email.split("@")[0], email=email, password_hash=stored))
            rows.append({"entry": email, "password": None, "hash": stored, "expected": expected})
        db.session.commit()
    json.dump(rows, sys.stdout)


if __name__ == "__main__":
    main()
