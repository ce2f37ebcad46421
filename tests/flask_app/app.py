"""The app gatehouse replaces, as its first authors wrote it: Flask with
Flask-Login and Flask-SQLAlchemy, a `user` table, Werkzeug's password
hashes, and a sign-in that protects the routes."""

import os

from flask import Flask, redirect, request, url_for
from flask_login import LoginManager, UserMixin, current_user, login_required, login_user
from flask_sqlalchemy import SQLAlchemy
from werkzeug.security import check_password_hash, generate_password_hash

db = SQLAlchemy()
login_manager = LoginManager()
login_manager.login_view = "login"


class User(UserMixin, db.Model):
    id = db.Column(db.Integer, primary_key=True)
    username = db.Column(db.String(80), unique=True, nullable=False)
    email = db.Column(db.String(120), unique=True, nullable=True)
    password_hash = db.Column(db.String(256))
    active = db.Column(db.Boolean, nullable=False, default=True)
    is_admin = db.Column(db.Boolean, nullable=False, default=False)

    def set_password(self, password, method="scrypt"):
        self.password_hash = generate_password_hash(password, method=method)

    def check_password(self, password):
        return check_password_hash(self.password_hash, password)

    @property
    def is_active(self):
        return self.active


@login_manager.user_loader
def load_user(user_id):
    return db.session.get(User, int(user_id))


def create_app(database_url):
    app = Flask(__name__)
    app.config["SECRET_KEY"] = os.urandom(16)
    app.config["SQLALCHEMY_DATABASE_URI"] = database_url
    db.init_app(app)
    login_manager.init_app(app)

    @app.route("/login", methods=["GET", "POST"])
    def login():
        if request.method == "POST":
            user = User.query.filter_by(email=request.form["email"]).first()
            if user and user.check_password(request.form["password"]):
                login_user(user)
                return redirect(url_for("users"))
        return "<form method=post><input name=email><input name=password type=password></form>"

    @app.route("/users")
    @login_required
    def users():
        return ", ".join(u.email or u.username for u in User.query.all())

    return app
