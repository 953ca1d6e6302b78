using ChangeBot.Testing.Hosting;
using ChangeBot.Testing.Postgres;

namespace ChangeBot.Tests.ScaleOut;

/// <summary>
/// Several real server processes (changebot.dll) sharing one PostgreSQL database, each with its own data
/// directory and loopback port, as behind a load balancer. They start at the same time; disposing kills
/// whatever is still running.
/// </summary>
internal sealed class ChangeBotInstances : IAsyncDisposable
{
    public const string ApiToken = "scaleout-test-api-token-0123456789";
    public const string SigningSecret = "scaleout-test-signing-secret-0123";

    private readonly List<TempDirectory> _dataDirectories;
    private readonly ServerProcess[] _processes;

    private ChangeBotInstances(List<TempDirectory> dataDirectories, ServerProcess[] processes)
    {
        _dataDirectories = dataDirectories;
        _processes = processes;
    }

    public ServerProcess this[int index] => _processes[index];

    public int Count => _processes.Length;

    /// <summary>The bot token instance <paramref name="index"/> uses, so the Slack double can tell who posted.</summary>
    public static string BotToken(int index) => $"xoxb-scaleout-instance-{index}";

    /// <summary>A fresh database on the tests' PostgreSQL server, or a skip (a failure in CI) saying why there is none.</summary>
    public static async Task<ScratchDatabase> CreateDatabaseAsync(CancellationToken ct)
    {
        var server = await PostgresServer.GetAsync();
        Prerequisite.Require(server.IsAvailable, server.Reason ?? "PostgreSQL is not reachable");
        return await ScratchDatabase.CreateAsync(server.ConnectionString!, ct: ct);
    }

    /// <summary>What every instance gets: the shared database, the API token, and Slack when a double is given.</summary>
    public static Dictionary<string, string> Settings(string connectionString, int index, string? slackApiBaseUrl)
    {
        var settings = new Dictionary<string, string>
        {
            ["ChangeBot__Storage"] = "Postgres",
            ["ConnectionStrings__Postgres"] = connectionString,
            ["ChangeBot__ApiTokens"] = ApiToken,
            ["ChangeBot__SeedNoticesDirectory"] = "",
        };
        if (slackApiBaseUrl is not null)
        {
            settings["Slack__SigningSecret"] = SigningSecret;
            settings["Slack__BotToken"] = BotToken(index);
            settings["Slack__ApiBaseUrl"] = slackApiBaseUrl;
        }

        return settings;
    }

    /// <summary>Starts <paramref name="count"/> instances at once and waits until every one is ready. Each listens on
    /// a port Kestrel picks (port 0): a port chosen beforehand can be taken by another test's connection meanwhile.</summary>
    public static async Task<ChangeBotInstances> StartAsync(int count, Func<int, IReadOnlyDictionary<string, string>> settings, CancellationToken ct)
    {
        var directories = Enumerable.Range(0, count).Select(_ => new TempDirectory()).ToList();
        var starting = directories.Select((d, i) => ServerProcess.StartAsync(d.Path, port: 0, settings(i), ct)).ToArray();
        try
        {
            return new ChangeBotInstances(directories, await Task.WhenAll(starting));
        }
        catch
        {
            foreach (var started in starting.Where(t => t.IsCompletedSuccessfully))
            {
                await started.Result.DisposeAsync();
            }

            directories.ForEach(d => d.Dispose());
            throw;
        }
    }

    public HttpClient ApiClient(int index)
    {
        var client = new HttpClient { BaseAddress = _processes[index].BaseAddress };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ApiToken);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }

        _dataDirectories.ForEach(d => d.Dispose());
    }
}
