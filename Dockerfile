# Kvorum: the bridge and its admin API, run from TypeScript sources with tsx
# (the project has no build step).

# Dependencies are installed on the full Node image, which has the compilers
# better-sqlite3 falls back to when no prebuilt binary fits.
FROM node:20-bookworm AS dependencies
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=dependencies /app/node_modules ./node_modules
COPY package.json package-lock.json tsconfig.json ./
COPY src ./src
COPY sql ./sql
# The database lives on a volume mounted here, owned by the unprivileged user.
RUN mkdir -p /data && chown node:node /data
USER node
ENV KVORUM_DB_PATH=/data/kvorum.db
EXPOSE 8080
# node itself is the process (not npm, not the tsx wrapper), so SIGTERM
# reaches Kvorum's shutdown handler directly.
CMD ["node", "--import", "tsx", "src/main.ts"]
