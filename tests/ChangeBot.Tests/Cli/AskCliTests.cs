using System.Text.Json;

namespace ChangeBot.Tests.Cli;

public sealed class AskCliTests
{
    [Fact]
    public async Task Ask_SalesforceQuestionWithJson_PrintsTheFaqAnswerAndExits0()
    {
        using var data = new TempDirectory();
        await CliRun.RunAsync("notices", "import", RepositoryRoot.SampleNotices, "--data", data.Path);

        var ask = await CliRun.RunAsync("ask", "does SFDC need an update?", "--data", data.Path, "--json");

        Assert.Equal(0, ask.ExitCode);
        using var json = JsonDocument.Parse(ask.Output);
        var root = json.RootElement;
        Assert.StartsWith("No change is needed for Salesforce", root.GetProperty("answer").GetString(), StringComparison.Ordinal);
        Assert.Equal("api-sandbox-tls-certificate", root.GetProperty("noticeId").GetString());
        Assert.Equal("faq", root.GetProperty("source").GetString());
        Assert.InRange(root.GetProperty("confidence").GetDouble(), 0.6, 1.0);
    }

    [Fact]
    public async Task Ask_SectionQuestionWithJson_NamesThePassageAndWhatTheQuestionWasGroundedOn()
    {
        using var data = new TempDirectory();
        await CliRun.RunAsync("notices", "import", RepositoryRoot.SampleNotices, "--data", data.Path);

        var ask = await CliRun.RunAsync("ask", "how can I test my API Sandbox connection with the new CA?", "--data", data.Path, "--json");

        Assert.Equal(0, ask.ExitCode);
        using var json = JsonDocument.Parse(ask.Output);
        var root = json.RootElement;
        Assert.Contains("apisandbox-new", root.GetProperty("answer").GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(root.GetProperty("passage").GetString()));
        Assert.Equal(["API Sandbox"], root.GetProperty("grounding").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(JsonValueKind.Null, root.GetProperty("refusal").ValueKind);
    }

    [Fact]
    public async Task Ask_WhenInTheNotice_PrintsTheWindowInTheNoticesZoneAndUtc()
    {
        using var data = new TempDirectory();
        await CliRun.RunAsync("notices", "import", RepositoryRoot.SampleNotices, "--data", data.Path);

        var ask = await CliRun.RunAsync("ask", "when is the maintenance?", "--notice", "api-sandbox-tls-certificate", "--data", data.Path);

        Assert.Equal(0, ask.ExitCode);
        Assert.Contains("Tue 6 Dec 2016 15:00 UTC (07:00 America/Los_Angeles) to Tue 6 Dec 2016 19:00 UTC (11:00 America/Los_Angeles)", ask.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_OutOfScopeWithJson_PrintsNullAnswerAndExits1()
    {
        using var data = new TempDirectory();
        await CliRun.RunAsync("notices", "import", RepositoryRoot.SampleNotices, "--data", data.Path);

        var ask = await CliRun.RunAsync("ask", "how do I reset my password?", "--data", data.Path, "--json");

        Assert.Equal(1, ask.ExitCode);
        using var json = JsonDocument.Parse(ask.Output);
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("answer").ValueKind);
        Assert.Equal("none", json.RootElement.GetProperty("source").GetString());
    }

    [Fact]
    public async Task Ask_NotAnswered_NamesTheClosestNoticeAndExits1()
    {
        using var data = new TempDirectory();
        await CliRun.RunAsync("notices", "import", RepositoryRoot.SampleNotices, "--data", data.Path);

        var ask = await CliRun.RunAsync("ask", "how do I reset my password?", "--data", data.Path);

        Assert.Equal(1, ask.ExitCode);
        Assert.Contains("I don't know the answer to that. The closest notice is \"[Action Required]: Maintenance to Update TLS Certificate for API Sandbox\" (api-sandbox-tls-certificate)",
            ask.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_NotAnsweredButARetrieverPutAPartFirst_QuotesThatPartAsAGuess()
    {
        using var data = new TempDirectory();
        await CliRun.RunAsync("notices", "import", RepositoryRoot.SampleNotices, "--data", data.Path);

        var text = await CliRun.RunAsync("ask", "where can I point my app to rehearse the switch?", "--data", data.Path);
        var json = await CliRun.RunAsync("ask", "where can I point my app to rehearse the switch?", "--data", data.Path, "--json");

        Assert.Equal(1, text.ExitCode);
        Assert.Contains("I'm not sure I have the answer. The closest notice is \"[Action Required]: Maintenance to Update TLS Certificate for API Sandbox\"; "
            + "its part \"How can I test connections to Sandbox using the new CA?\" says:\n\nYou can test before the change by pointing",
            text.Output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("(not answered: a guess from api-sandbox-tls-certificate)", text.Output, StringComparison.Ordinal);
        using var body = JsonDocument.Parse(json.Output);
        Assert.Equal(JsonValueKind.Null, body.RootElement.GetProperty("answer").ValueKind);
        Assert.Equal(JsonValueKind.Null, body.RootElement.GetProperty("passage").ValueKind);
        Assert.Equal("How can I test connections to Sandbox using the new CA?", body.RootElement.GetProperty("closestPassage").GetString());
        Assert.StartsWith("You can test before the change by pointing your Sandbox integrations to the test endpoint https://apisandbox-new.zuora.com",
            body.RootElement.GetProperty("closestExcerpt").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_NotAnsweredAndTheClosestNoticeIsCompleted_SaysSoWithItsId()
    {
        using var data = new TempDirectory();
        await CliRun.RunAsync("notices", "import", RepositoryRoot.SampleNotices, "--data", data.Path);
        // As a first local run's server leaves the sample: its maintenance ended in 2016.
        using (var store = new ChangeBot.Storage.LiteDb.LiteDbChangeBotStore(Path.Combine(data.Path, ChangeBot.Storage.LiteDb.LiteDbChangeBotStore.FileName)))
        {
            var sample = (await store.GetNoticeAsync("api-sandbox-tls-certificate", TestContext.Current.CancellationToken))!;
            Assert.True(await store.UpdateNoticeAsync(sample with { State = ChangeBot.Core.Notices.NoticeState.Completed, Revision = sample.Revision + 1 }, sample.Revision, TestContext.Current.CancellationToken));
        }

        var ask = await CliRun.RunAsync("ask", "how do I reset my password?", "--data", data.Path);

        Assert.Equal(1, ask.ExitCode);
        Assert.Contains("for API Sandbox\" (api-sandbox-tls-certificate, completed)", ask.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_UnknownNotice_NamesItAndExits1()
    {
        using var data = new TempDirectory();

        var ask = await CliRun.RunAsync("ask", "is there downtime?", "--notice", "no-such-notice", "--data", data.Path);

        Assert.Equal(1, ask.ExitCode);
        Assert.Contains("There is no notice 'no-such-notice'", ask.Error, StringComparison.Ordinal);
    }
}
