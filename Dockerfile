# Production image: gunicorn serving Django; the same image runs the Celery worker.
FROM node:20-bookworm-slim AS assets
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --omit=dev
COPY bin/copy-assets.mjs bin/
RUN node bin/copy-assets.mjs

FROM python:3.12-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 UV_PYTHON_DOWNLOADS=never UV_PROJECT_ENVIRONMENT=/venv
# WeasyPrint needs pango; curl for the healthcheck
RUN apt-get update && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 curl \
    && rm -rf /var/lib/apt/lists/*
RUN pip install --no-cache-dir uv==0.13.8
WORKDIR /app
COPY pyproject.toml uv.lock ./
# Bytecode compiled at build time: PYTHONDONTWRITEBYTECODE stops each process writing it, so
# without this every gunicorn, worker and manage.py process compiles every module as it starts.
RUN uv sync --frozen --no-dev --compile-bytecode
# .dockerignore keeps tests/, bench/ and local state out of the context.
COPY . .
COPY --from=assets /app/static/vendor static/vendor
ENV PATH=/venv/bin:$PATH
RUN SECRET_KEY=build-only python manage.py collectstatic --no-input -v 0 \
    && python -m compileall -q .
RUN useradd --system casebook && mkdir -p var && chown casebook var
USER casebook
EXPOSE 8000
CMD ["gunicorn", "config.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "60"]
