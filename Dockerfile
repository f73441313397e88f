# The TradeOS Execution Layer image: the production jar (router, sink, executor, venue-sim, control, transactions,
# quote); the demo has a jar of its own. One image for every service of docker-compose.yml.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
# the dependencies first, in a layer of their own: a source change does not download them again
COPY pom.xml .
COPY model/pom.xml model/pom.xml
COPY embedded/pom.xml embedded/pom.xml
COPY ops/pom.xml ops/pom.xml
COPY testkit/pom.xml testkit/pom.xml
COPY topology/pom.xml topology/pom.xml
COPY sink/pom.xml sink/pom.xml
COPY executor/pom.xml executor/pom.xml
COPY ingest/pom.xml ingest/pom.xml
COPY app/pom.xml app/pom.xml
COPY demo/pom.xml demo/pom.xml
COPY bench/pom.xml bench/pom.xml
RUN mvn -B -q -pl app -am dependency:go-offline -DskipTests || true
COPY model model
COPY embedded embedded
COPY ops ops
COPY testkit testkit
COPY topology topology
COPY sink sink
COPY executor executor
COPY ingest ingest
COPY app app
COPY demo demo
COPY bench bench
RUN mvn -B -q -DskipTests package -pl app -am

FROM eclipse-temurin:17-jre
# the state directory exists and belongs to the service user before anything mounts on it: a named volume
# mounted there starts with this ownership, so Kafka Streams can write its RocksDB state
RUN useradd --system --home /var/lib/tradeos tradeos \
    && mkdir -p /var/lib/tradeos/state /opt/tradeos \
    && chown -R tradeos:tradeos /var/lib/tradeos
COPY --from=build /src/app/target/tradeos.jar /opt/tradeos/tradeos.jar
USER tradeos
WORKDIR /var/lib/tradeos
ENV TRADEOS_KAFKA_STATE_DIR=/var/lib/tradeos/state \
    TRADEOS_HTTP_BIND=0.0.0.0
EXPOSE 7070 7071 7072
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/opt/tradeos/tradeos.jar"]
CMD ["router"]
