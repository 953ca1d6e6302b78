# Multi-stage build: the SDK image builds, the ASP.NET runtime image runs as a non-root user.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore from the project files alone, so a code change reuses the restored packages' layer
# (tests/ChangeBot.Tests/Hosting/DockerfileTests.cs runs this step locally).
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ChangeBot.sln ./
COPY src/Directory.Build.props src/BannedSymbols.txt src/
COPY src/ChangeBot/ChangeBot.csproj src/ChangeBot/
COPY src/ChangeBot.Core/ChangeBot.Core.csproj src/ChangeBot.Core/
COPY src/ChangeBot.Storage/ChangeBot.Storage.csproj src/ChangeBot.Storage/
RUN dotnet restore src/ChangeBot/ChangeBot.csproj
COPY src/ src/
COPY manifests/ manifests/
RUN dotnet publish src/ChangeBot/ChangeBot.csproj -c Release -o /app --no-self-contained --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
RUN apt-get update \
    && apt-get install -y --no-install-recommends tzdata curl ca-certificates \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app ./
RUN mkdir -p /data && chown app:app /data
USER app
ENV ASPNETCORE_URLS=http://+:8080 \
    ChangeBot__DataDirectory=/data \
    Logging__Console__FormatterName=json
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD curl -fsS http://localhost:8080/healthz || exit 1
ENTRYPOINT ["dotnet", "changebot.dll"]
CMD ["serve"]
