# Build: a release binary against the system SQLite.
FROM swift:6.3-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends libsqlite3-dev && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Package.swift ./
COPY Sources ./Sources
COPY Tests ./Tests
RUN swift build -c release --product registrar
RUN mkdir -p /out && cp "$(swift build -c release --show-bin-path)/registrar" /out/

# Run: the binary, its migrations and static files, as a non-root user.
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends libsqlite3-0 ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --create-home --home-dir /var/lib/registrar registrar
COPY --from=build /usr/lib/swift/linux/*.so /usr/lib/swift/linux/
COPY --from=build /out/registrar /usr/local/bin/registrar
COPY Migrations /usr/local/share/registrar/Migrations
COPY Public /usr/local/share/registrar/Public
USER registrar
WORKDIR /var/lib/registrar
EXPOSE 8080
ENTRYPOINT ["registrar"]
CMD ["serve", "--host", "0.0.0.0", "--migrations", "/usr/local/share/registrar/Migrations", "--database", "/var/lib/registrar/registrar.sqlite"]
