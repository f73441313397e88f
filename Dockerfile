# The TradeOS Execution Layer image: the production jar (router, sink, quote); the demo has a jar of its own.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
COPY model model
COPY embedded embedded
COPY ops ops
COPY testkit testkit
COPY topology topology
COPY sink sink
COPY executor executor
COPY app app
COPY demo demo
COPY bench bench
RUN mvn -B -q -DskipTests package -pl app -am

FROM eclipse-temurin:17-jre
RUN useradd --system --home /var/lib/tradeos tradeos && mkdir -p /var/lib/tradeos && chown tradeos /var/lib/tradeos
USER tradeos
WORKDIR /var/lib/tradeos
COPY --from=build /src/app/target/tradeos.jar /opt/tradeos/tradeos.jar
ENV TRADEOS_KAFKA_STATE_DIR=/var/lib/tradeos/state \
    TRADEOS_HTTP_BIND=0.0.0.0
EXPOSE 7070 7071
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/opt/tradeos/tradeos.jar"]
CMD ["router"]
