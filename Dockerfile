# syntax=docker/dockerfile:1
# Build: docker build -t parachute .
# Run:   docker run --env-file .env -p 3000:3000 -v parachute-data:/data parachute

FROM python:3.11-slim AS build
WORKDIR /src
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
COPY pyproject.toml README.md ./
COPY slackbot ./slackbot
COPY migrations ./migrations
RUN pip install --no-cache-dir .

FROM python:3.11-slim AS runtime
RUN useradd --create-home --uid 10001 parachute \
    && mkdir /data && chown parachute:parachute /data
COPY --from=build /opt/venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    DATABASE_URL=sqlite:////data/parachute.db \
    PORT=3000
USER parachute
WORKDIR /data
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen(f\"http://127.0.0.1:{os.environ.get('PORT', '3000')}/healthz\", timeout=4)"]
CMD ["slackbot", "serve", "--host", "0.0.0.0"]
