# Kvorum: the bridge and its admin API, compiled to JavaScript (npm run build)
# and run by node on Node.js 22 LTS. TypeScript, tsx and esbuild stay in the
# build stage: the image holds only dist/, sql/ and the runtime dependencies.

# The build and the dependencies use the full Node image, which has the
# compilers better-sqlite3 falls back to when no prebuilt binary fits.
FROM node:22-bookworm AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY src ./src
COPY portal ./portal
RUN npm run build

FROM node:22-bookworm AS dependencies
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev

FROM node:22-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=dependencies /app/node_modules ./node_modules
# package.json says "type": "module": dist/ is ES modules.
COPY package.json ./
COPY --from=build /app/dist ./dist
COPY sql ./sql
# The database lives on a volume mounted here, owned by the unprivileged user.
RUN mkdir -p /data && chown node:node /data
USER node
ENV KVORUM_DB_PATH=/data/kvorum.db
EXPOSE 8080
# node itself is the process (not npm), so SIGTERM reaches Kvorum's shutdown
# handler directly. The command line: docker compose exec kvorum node dist/cli/kvorum.js --help
CMD ["node", "dist/main.js"]
