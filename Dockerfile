# thidua: one image for every role. `thidua serve` (the default) runs gunicorn and the
# projection worker under one supervising process; compose.yaml runs the same image as
# `db init` (once), `serve --no-init --no-worker` (the web tier) and `worker` (the views).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    THIDUA_DATA_DIR=/data \
    THIDUA_TEMPLATES_DIR=/app/templates_docx \
    THIDUA_PORT=8000

# The certificates' font (Liberation Serif 2: Times New Roman's metrics, Vietnamese letters).
RUN apt-get update \
    && apt-get install -y --no-install-recommends fonts-liberation2 \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml README.md ./
COPY events ./events
COPY services ./services
COPY docgen ./docgen
COPY templates_docx ./templates_docx
RUN pip install --no-cache-dir . \
    && useradd --system --uid 10001 --home-dir /data --create-home thidua

USER thidua
VOLUME ["/data"]
EXPOSE 8000

HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["python", "-c", "import os, sys, urllib.request; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('THIDUA_PORT', '8000'), timeout=4).status == 200 else 1)"]

ENTRYPOINT ["thidua"]
# Creates the tables if needed (SQLite in /data, or THIDUA_DATABASE_URL's PostgreSQL), then
# gunicorn on 0.0.0.0:$THIDUA_PORT and the projection worker, stopped together on SIGTERM.
CMD ["serve", "--host", "0.0.0.0", "--workers", "2"]
