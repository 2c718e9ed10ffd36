# syntax=docker/dockerfile:1
# One image for every IMS service: docker-compose.yml chooses the jar per service (ENTRYPOINT is `java -jar`).
#   docker build -t ims .
#   docker run --rm ims /app/ims-api-gateway.jar

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
# The cache mount keeps the ~300 MB of dependencies between builds; tests run in CI, not here.
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -ntp -DskipTests install \
 && mkdir /out \
 && cp api-gateway/target/ims-api-gateway-*-exec.jar /out/ims-api-gateway.jar \
 && cp image-worker/target/ims-image-worker-*-exec.jar /out/ims-image-worker.jar \
 && cp provisioning-worker/target/ims-provisioning-worker-*-exec.jar /out/ims-provisioning-worker.jar \
 && cp standalone/target/ims-standalone.jar /out/ims-standalone.jar

FROM eclipse-temurin:17-jre
# qemu-img inspects and converts image files (image-worker); curl serves the container health checks.
RUN apt-get update \
 && apt-get install -y --no-install-recommends qemu-utils curl \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 ims \
 && useradd --system --uid 10001 --gid ims --home-dir /app --no-create-home --shell /usr/sbin/nologin ims \
 && mkdir -p /app /data/images /data/vmware /data/keys /data/tls \
 && chown -R ims:ims /data \
 && chmod 700 /data/keys /data/tls
# Each folder of /data belongs to ims, so a named volume mounted on one starts out writable by the services, and the
# keys' folders by ims alone. docker-compose.yml mounts on each service only the folders it needs (the image-worker
# never gets keys or tls).
WORKDIR /app
COPY --from=build /out/ /app/
USER ims:ims
ENV IMS_DATA_DIR=/data \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
EXPOSE 8443 9090
ENTRYPOINT ["java", "-jar"]
CMD ["/app/ims-standalone.jar", "--help"]
