"""ipcenter: the web system of a city IP protection and rapid-rights-protection centre."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from ipcenter.config import build_config, load_audit_key, load_secret_key

ROOT = Path(__file__).resolve().parent.parent

# The families of matters, each a package whose ``init_app(app)`` registers its models,
# blueprints, CLI commands, Celery tasks, search builders, policy rules and navigation entries.
# A new kind of matter is its package and one line here; nothing else names it.
DOMAINS = ("ipcenter.cases", "ipcenter.pledge", "ipcenter.prexam")


def create_app(config: dict | None = None) -> Flask:
    """Build the application. ``config`` overrides the environment (tests pass theirs here)."""
    app = Flask(__name__, instance_path=str(ROOT / "instance"),
                template_folder=str(ROOT / "templates"))
    app.config.update(build_config(app.instance_path))
    if config:
        app.config.update(config)
    data_dir = Path(app.config["IPCENTER_DATA_DIR"])
    data_dir.mkdir(parents=True, exist_ok=True)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = load_secret_key(data_dir)
    if not app.config.get("IPCENTER_AUDIT_KEY"):
        app.config["IPCENTER_AUDIT_KEY"] = load_audit_key(data_dir)
    if not app.config.get("IPCENTER_AUDIT_HEAD_FILE"):
        app.config["IPCENTER_AUDIT_HEAD_FILE"] = str(data_dir / "audit_head")

    hops = int(app.config.get("IPCENTER_PROXY_HOPS") or 0)
    if hops:  # behind gunicorn + a load balancer: trust that many X-Forwarded-* hops
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)

    from ipcenter.core.db import configure_engine_events
    from ipcenter.extensions import babel, bootstrap, csrf, db, limiter, login_manager, migrate

    db.init_app(app)
    with app.app_context():
        configure_engine_events(db.engine)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True,
                     compare_type=True)
    csrf.init_app(app)
    bootstrap.init_app(app)
    limiter.init_app(app)

    from ipcenter.web import i18n

    babel.init_app(app, locale_selector=i18n.select_locale,
                   default_translation_directories=str(ROOT / "translations"))

    from ipcenter.auth import login as auth_login

    login_manager.init_app(app)
    auth_login.configure(login_manager)

    from ipcenter.celery_app import celery_init_app

    celery_init_app(app)

    from ipcenter.web import params

    params.register(app)  # before the blueprints add their <int:…> rules
    _register_models()
    _register_blueprints(app)
    _register_cli(app)
    from ipcenter import notify

    notify.init_app(app)  # below the domains, which notify through it
    _register_domains(app)

    from ipcenter.web import errors, filters, headers

    errors.register(app)
    filters.register(app)
    headers.register(app)

    from ipcenter.core import pdf

    for problem in pdf.check_environment():
        app.logger.warning(problem)
    return app


def _register_models() -> None:
    # Every foundation model module, so that Flask-Migrate sees the whole schema (each domain
    # imports its own, from its init_app).
    import ipcenter.auth.models  # noqa: F401
    import ipcenter.core.documents  # noqa: F401
    import ipcenter.core.models  # noqa: F401
    import ipcenter.ip.models  # noqa: F401


def _register_blueprints(app: Flask) -> None:
    import ipcenter.admin.health  # noqa: F401  (its view on the admin blueprint)
    import ipcenter.admin.register  # noqa: F401  (the rights register's page, likewise)
    from ipcenter.admin.views import bp as admin_bp
    from ipcenter.auth.views import bp as auth_bp
    from ipcenter.search.views import bp as search_bp
    from ipcenter.web.verify import bp as verify_bp
    from ipcenter.web.views import bp as web_bp

    app.register_blueprint(web_bp)
    app.register_blueprint(verify_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(admin_bp, url_prefix="/admin")
    app.register_blueprint(search_bp)
    from ipcenter.web import rights

    rights.init_app(app)  # a firm's own rights


def _register_cli(app: Flask) -> None:
    from ipcenter.cli import audit_cli, calendar_cli, ipcenter_cli
    from ipcenter.search.cli import search_cli

    app.cli.add_command(ipcenter_cli)
    app.cli.add_command(calendar_cli)
    app.cli.add_command(audit_cli)
    app.cli.add_command(search_cli)


def _register_domains(app: Flask) -> None:
    from importlib import import_module

    for name in DOMAINS:
        import_module(name).init_app(app)
    # The statistics and the exports read every domain's tables: registered after them, not
    # among them (a domain imports no other).
    import_module("ipcenter.reports").init_app(app)
    import_module("ipcenter.exports").init_app(app)
    # The JSON API calls the domains' services and policy, likewise above them.
    import_module("ipcenter.api").init_app(app)
