using System.Globalization;
using System.Text.Json.Nodes;
using ChangeBot.Core.Notices;
using ChangeBot.Core.Storage;
using ChangeBot.Testing.Checks;
using ChangeBot.Tests.Authorization;
using ChangeBot.Tests.DirectLine;
using Microsoft.Extensions.DependencyInjection;

namespace ChangeBot.Tests.WebChat;

/// <summary><c>compare &lt;notice&gt;</c> and a pasted PEM chain in chat, through the web chat's Direct Line endpoints,
/// the turn pipeline and the real core, against real TLS servers on 127.0.0.1.</summary>
public sealed class WebChatCompareAndPastedChainTests : IDisposable
{
    private readonly TestChain _old = new(TestKey.EcP256, name: "Old");
    private readonly TestChain _next = new(TestKey.EcP384, name: "New");

    [Fact]
    public async Task Compare_InWebChat_SaysWhatChangesForAClient()
    {
        using var current = TestTlsServer.Start(_old.Leaf, [_old.Intermediate]);
        using var test = TestTlsServer.Start(_next.Leaf, [_next.Intermediate]);

        var reply = await SayAsync("compare ca-move", Loopback(current.Port, test.Port), $"https://localhost:{current.Port}", $"https://localhost:{test.Port}");

        Assert.Contains("What changes for a client:", reply, StringComparison.Ordinal);
        Assert.Contains($"Root: {_old.Root.Subject} -> {_next.Root.Subject}", reply, StringComparison.Ordinal);
        Assert.Contains("Key: EC 256 (P-256) -> EC 384 (P-384)", reply, StringComparison.Ordinal);
        Assert.Single(current.ServerNames);
        Assert.Single(test.ServerNames);
    }

    [Fact]
    public async Task Compare_LoopbackEndpointsWithoutAllowedNetworks_AreRefusedByTheGuardWithoutAConnection()
    {
        using var current = TestTlsServer.Start(_old.Leaf, [_old.Intermediate]);
        using var test = TestTlsServer.Start(_next.Leaf, [_next.Intermediate]);
        var ports = new Dictionary<string, string?> { ["Checks:AllowedPorts"] = $"{current.Port},{test.Port}" };

        var reply = await SayAsync("compare ca-move", ports, $"https://localhost:{current.Port}", $"https://localhost:{test.Port}");

        Assert.Contains("public internet", reply, StringComparison.Ordinal);
        Assert.Empty(current.ServerNames);
        Assert.Empty(test.ServerNames);
    }

    [Fact]
    public async Task PastedChain_InWebChat_IsJudgedOfflineCertificateByCertificate()
    {
        var pem = _next.Leaf.Certificate.ExportCertificatePem() + "\n" + _next.Intermediate.Certificate.ExportCertificatePem();

        var reply = await SayAsync("check\n" + pem, []);

        Assert.Contains($"Certificate 1 of 2: {_next.Leaf.Subject}", reply, StringComparison.Ordinal);
        Assert.Contains($"Certificate 2 of 2: {_next.Intermediate.Subject}", reply, StringComparison.Ordinal);
        Assert.Contains("untrusted-root", reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PastedChain_Damaged_SaysWhatIsWrong()
    {
        var reply = await SayAsync("check -----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----", []);

        Assert.Contains("pasted chain: the PEM file holds no CERTIFICATE block", reply, StringComparison.Ordinal);
    }

    /// <summary>A visitor gets a new user id with each conversation; pasted chains from one address are counted across them.</summary>
    [Fact]
    public async Task PastedChain_FromOneAddressUnderNewVisitorIds_StopsAtThePerAddressLimit()
    {
        var pem = _next.Leaf.Certificate.ExportCertificatePem() + "\n" + _next.Intermediate.Certificate.ExportCertificatePem();
        await using var host = new DirectLineHarness(realCore: true, settings: new() { ["Checks:PerAddressPerMinute"] = "2" });

        var replies = new List<string>();
        for (var visitor = 0; visitor < 3; visitor++)
        {
            var (id, token) = await host.StartAsync();
            await host.PostMessageAsync(id, token, "check\n" + pem);
            var activities = await host.WaitForActivitiesAsync(id, token, DirectLineHarness.BotActivities(1));
            replies.Add(ReplyText.Of(new JsonArray([.. activities.Where(a => (string?)a!["from"]!["role"] == "bot").Select(a => a!.DeepClone())])));
        }

        Assert.All(replies[..2], r => Assert.Contains("Certificate 1 of 2", r, StringComparison.Ordinal));
        Assert.Contains("2 checks were run from your network address recently", replies[2], StringComparison.Ordinal);
    }

    private static Dictionary<string, string?> Loopback(params int[] ports) => new()
    {
        ["Checks:AllowedNetworks"] = "127.0.0.0/8",
        ["Checks:AllowedPorts"] = string.Join(',', ports.Select(p => p.ToString(CultureInfo.InvariantCulture))),
    };

    private static async Task<string> SayAsync(string text, Dictionary<string, string?> settings, string? current = null, string? test = null)
    {
        await using var host = new DirectLineHarness(realCore: true, settings: settings);
        if (current is not null)
        {
            var store = host.App.Services.GetRequiredService<IChangeBotStore>();
            await store.ImportNoticesAsync([new Notice
            {
                Id = "ca-move",
                Title = "The endpoint moves to a new CA",
                State = NoticeState.Published,
                Endpoints = [new NoticeEndpoint("API", current, test)],
                ContentHash = "h1",
            }], DirectLineHarness.Ct);
        }

        var (id, token) = await host.StartAsync();
        await host.PostMessageAsync(id, token, text);
        var activities = await host.WaitForActivitiesAsync(id, token, DirectLineHarness.BotActivities(1));
        return ReplyText.Of(new JsonArray([.. activities.Where(a => (string?)a!["from"]!["role"] == "bot").Select(a => a!.DeepClone())]));
    }

    public void Dispose()
    {
        _old.Dispose();
        _next.Dispose();
    }
}
