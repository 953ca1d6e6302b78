using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChangeBot.Slack.Inbound;

namespace ChangeBot.Tests.Slack;

/// <summary>
/// ChangeBot's signature code against Slack's official Node verifier (<c>@slack/bolt</c>'s
/// <c>isValidSlackRequest</c>, installed in tests/e2e) on the same inputs and the same "now".
/// </summary>
public sealed class SlackNodeVerifierTests
{
    private const string Secret = "8f742231b10e8888abcd99yyyzzz85a5";
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_760_000_000);

    private sealed record Case(string Name, string Secret, string Body, string Timestamp, string Signature);

    private static string Ts(int offsetSeconds) => (Now.ToUnixTimeSeconds() + offsetSeconds).ToString(CultureInfo.InvariantCulture);

    private static string Sign(string body, string ts, string secret = Secret) =>
        SlackSignature.Sign(Encoding.UTF8.GetBytes(secret), ts, Encoding.UTF8.GetBytes(body));

    private static IEnumerable<Case> Cases()
    {
        const string json = "{\"type\":\"event_callback\",\"event_id\":\"Ev1\",\"event\":{\"text\":\"<@U1> héllo 👋 & <b>\"}}";
        const string form = "command=%2Fchangebot&text=check+api.example.com%3A8443+for+x&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1%2F2%2Fabc";
        yield return new("json", Secret, json, Ts(0), Sign(json, Ts(0)));
        yield return new("form with + and %xx", Secret, form, Ts(0), Sign(form, Ts(0)));
        yield return new("interaction payload", Secret, "payload=" + Uri.EscapeDataString(json), Ts(-10), Sign("payload=" + Uri.EscapeDataString(json), Ts(-10)));
        yield return new("empty body", Secret, "", Ts(0), Sign("", Ts(0)));
        yield return new("wrong secret", Secret, json, Ts(0), Sign(json, Ts(0), "another-secret-value-0000000000"));
        yield return new("tampered body", Secret, json + " ", Ts(0), Sign(json, Ts(0)));
        yield return new("form re-encoded", Secret, form.Replace("%2F", "/", StringComparison.Ordinal), Ts(0), Sign(form, Ts(0)));
        yield return new("signed for another timestamp", Secret, json, Ts(0), Sign(json, Ts(-1)));
        yield return new("edge of window", Secret, json, Ts(-300), Sign(json, Ts(-300)));
        yield return new("stale", Secret, json, Ts(-301), Sign(json, Ts(-301)));
        yield return new("very stale", Secret, json, Ts(-86_400), Sign(json, Ts(-86_400)));
        yield return new("uppercase hex", Secret, json, Ts(0), "v0=" + Sign(json, Ts(0))[3..].ToUpperInvariant());
        yield return new("version v1", Secret, json, Ts(0), "v1=" + Sign(json, Ts(0))[3..]);
        yield return new("truncated signature", Secret, json, Ts(0), Sign(json, Ts(0))[..40]);
        yield return new("not a number", Secret, json, "17600000x0", Sign(json, "17600000x0"));
    }

    private static string? E2eDirectory()
    {
        var e2e = RepositoryRoot.Combine("tests", "e2e");
        return Directory.Exists(e2e) ? e2e : null;
    }

    private static async Task<bool[]> RunNodeAsync(string e2e, IEnumerable<Case> cases)
    {
        var input = new JsonArray([.. cases.Select(c => (JsonNode)new JsonObject
        {
            ["secret"] = c.Secret, ["body"] = c.Body, ["timestamp"] = c.Timestamp, ["signature"] = c.Signature,
            ["nowMs"] = Now.ToUnixTimeMilliseconds(),
        })]);
        var start = new ProcessStartInfo("node", ["slack-verify.mjs"])
        {
            WorkingDirectory = e2e,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var node = Process.Start(start)!;
        await node.StandardInput.WriteAsync(input.ToJsonString());
        node.StandardInput.Close();
        var output = await node.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = await node.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await node.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.True(node.ExitCode == 0, "node failed: " + error);
        return JsonSerializer.Deserialize<bool[]>(output)!;
    }

    private static bool Ours(Case c, int nowOffset = 0) =>
        SlackSignature.Verify(Encoding.UTF8.GetBytes(c.Secret), c.Timestamp, c.Signature, Encoding.UTF8.GetBytes(c.Body), Now.AddSeconds(nowOffset)) == SignatureCheck.Valid;

    private static string RequireBolt()
    {
        var e2e = E2eDirectory();
        var installed = e2e is not null && Prerequisite.FindOnPath("node") is not null
            && File.Exists(Path.Combine(e2e, "node_modules", "@slack", "bolt", "package.json"));
        Prerequisite.Require(installed, Prerequisite.NpmAdvice("@slack/bolt"));
        return e2e!;
    }

    [Fact]
    public async Task Verify_SameInputs_SameAnswersAsSlacksBoltVerifier()
    {
        var e2e = RequireBolt();
        var cases = Cases().ToList();

        var node = await RunNodeAsync(e2e, cases);

        Assert.Equal(cases.Count, node.Length);
        var disagreements = cases.Where((c, i) => Ours(c) != node[i]).Select(c => c.Name).ToList();
        Assert.Empty(disagreements);
        // Sanity: both accept the good ones and reject the bad ones (a verifier that says yes to all fails here).
        Assert.Equal(5, node.Count(v => v));
    }

    [Fact]
    public async Task Verify_FutureTimestamp_RejectedHereThoughBoltAcceptsIt()
    {
        var e2e = RequireBolt();
        const string body = "{\"type\":\"event_callback\"}";
        var future = new Case("future", Secret, body, Ts(301), Sign(body, Ts(301)));

        var node = await RunNodeAsync(e2e, [future]);

        // bolt-js rejects only old timestamps; docs/platforms.md#slack-signing ask for the absolute difference.
        Assert.True(node[0]);
        Assert.False(Ours(future));
    }
}
