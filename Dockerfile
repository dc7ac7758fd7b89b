# Image for web, worker and migrate in docker-compose.yml (gunicorn cop.wsgi, production settings).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=cop.settings.production

RUN groupadd --system --gid 1000 cop \
    && useradd --system --uid 1000 --gid cop --home-dir /app --shell /usr/sbin/nologin cop

WORKDIR /app

# Dependencies first, so code changes reuse this layer. psycopg[binary] needs no compiler.
COPY requirements.txt .
RUN pip install -r requirements.txt

COPY . .

# Compiled translations and static files are part of the image. The secret key below exists only
# for this RUN step (production settings refuse to import without one); it is not kept in the image.
RUN DJANGO_SECRET_KEY="build-only-$(python -c 'import secrets; print(secrets.token_urlsafe(48))')" \
        sh -c 'python manage.py compiletranslations && python manage.py collectstatic --noinput' \
    && mkdir -p /app/media \
    && chown -R cop:cop /app/media

USER cop
EXPOSE 8000

CMD ["gunicorn", "cop.wsgi", "--bind=0.0.0.0:8000", "--workers=3", "--access-logfile=-"]
