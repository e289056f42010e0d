"""Local development: ``make run``."""

from .base import *  # noqa: F403
from .base import SECRET_KEY as _SECRET_KEY
from .base import env

DEBUG = env.bool("DEBUG", default=True)
# A fixed development key is fine: dev never serves the public.
SECRET_KEY = _SECRET_KEY or "dev-insecure-key-only-for-make-run"
# runserver's port is whatever `make run` was given.
HOST_PORT_MUST_MATCH = False
