# One image per Gavel app:  docker build --build-arg APP=wallet -t gavel-wallet:0.1.0 .
#   default command: the service      node dist/apps/$APP/src/main.js
#   migration Job:   sh -c 'exec $MIGRATE'  (node dist/apps/$APP/src/database/migrate.js)
ARG NODE_VERSION=20

# ---------------------------------------------------------------- build: compile all, keep prod deps
FROM node:${NODE_VERSION}-bookworm AS build
WORKDIR /src
ENV npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
COPY package.json package-lock.json ./
# plain RUN (no BuildKit `--mount`): `minikube image build` and the legacy builder have no BuildKit
RUN npm ci --loglevel=error && npm cache clean --force
COPY tsconfig.json .swcrc nest-cli.json ./
COPY libs ./libs
COPY apps ./apps
COPY bench ./bench
COPY tools ./tools
RUN npm run build && npm run build:web && npm prune --omit=dev --loglevel=error
ARG APP
RUN if [ -z "${APP}" ]; then echo "--build-arg APP=<app> is required (a directory of apps/)" >&2; exit 1; fi; \
    if [ ! -f "dist/apps/${APP}/src/main.js" ]; then echo "no app '${APP}' in apps/" >&2; exit 1; fi

# ---------------------------------------------------------------- runtime: slim, non-root
FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ARG APP
ARG VERSION=0.1.0
LABEL org.opencontainers.image.title="gavel-${APP}" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.description="Gavel ${APP} service"
RUN groupadd --system --gid 10001 gavel \
 && useradd --system --uid 10001 --gid gavel --no-create-home --home-dir /app --shell /usr/sbin/nologin gavel
WORKDIR /app
ENV NODE_ENV=production \
    GAVEL_APP=${APP} \
    GAVEL_HTTP_HOST=0.0.0.0 \
    MIGRATE="node dist/apps/${APP}/src/database/migrate.js"
COPY --from=build --chown=root:root /src/package.json ./package.json
COPY --from=build --chown=root:root /src/node_modules ./node_modules
COPY --from=build --chown=root:root /src/dist/libs ./dist/libs
COPY --from=build --chown=root:root /src/dist/apps/${APP} ./dist/apps/${APP}
# The web bundle (served by the gateway under /app; a few hundred KB, kept in every image for simplicity).
COPY --from=build --chown=root:root /src/dist/web ./dist/web
USER 10001:10001
# exec-form CMD does not expand build args, so the app comes from GAVEL_APP (baked in above);
# `exec` makes node PID 1, so it receives SIGTERM from Kubernetes directly.
CMD ["sh", "-c", "exec node dist/apps/${GAVEL_APP}/src/main.js"]
