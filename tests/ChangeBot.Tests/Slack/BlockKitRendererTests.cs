using System.Text.Json.Nodes;
using ChangeBot.Core.Conversations;
using ChangeBot.Core.Notices;
using ChangeBot.Slack.Rendering;
using ChangeBot.Turns;

namespace ChangeBot.Tests.Slack;

public sealed class BlockKitRendererTests
{
    private static readonly DateTimeOffset Window = DateTimeOffset.Parse("2026-03-14T17:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    private static Reply NoticeCard() => new()
    {
        Title = "API Sandbox TLS certificate moves to a new CA",
        Severity = Severity.ActionRequired,
        NoticeId = "api-sandbox-tls-certificate",
        Text = "The API Sandbox certificate will be issued by a new CA.",
        Facts =
        [
            new("What changes", "The root CA of api-sandbox.example.com"),
            new("Window", $"{TimeMarkup.Mark(Window)} – {TimeMarkup.Mark(Window.AddHours(2))}"),
            new("Action", "Trust the new root before the deadline"),
            new("Deadline", TimeMarkup.Mark(Window.AddDays(-7))),
            new("Test endpoint", "https://test.api-sandbox.example.com"),
        ],
        Buttons =
        [
            new("We're ready", ButtonAction.Acknowledge("api-sandbox-tls-certificate", "ready"), ButtonStyle.Primary),
            new("Not affected", ButtonAction.Acknowledge("api-sandbox-tls-certificate", "not-affected")),
            new("Need help", ButtonAction.Acknowledge("api-sandbox-tls-certificate", "need-help"), ButtonStyle.Danger),
            new("Check an endpoint", ButtonAction.CheckEndpoint("api-sandbox-tls-certificate", null)),
        ],
    };

    private static IEnumerable<string> AllText(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => p.Key == "text" && p.Value is JsonValue v ? [v.GetValue<string>()] : AllText(p.Value)),
        JsonArray a => a.SelectMany(AllText),
        _ => [],
    };

    private static IEnumerable<string> MrkdwnText(JsonNode? node) => node switch
    {
        JsonObject o when o["type"]?.GetValue<string>() == "mrkdwn" => [o["text"]!.GetValue<string>()],
        JsonObject o => o.SelectMany(p => MrkdwnText(p.Value)),
        JsonArray a => a.SelectMany(MrkdwnText),
        _ => [],
    };

    [Fact]
    public void Render_NoticeCard_HasHeaderSeverityFactsAndFourButtons()
    {
        var message = BlockKitRenderer.Render(NoticeCard());

        var types = message.Blocks.Select(b => b!["type"]!.GetValue<string>()).ToList();
        Assert.Equal(["header", "context", "section", "section", "actions"], types);
        Assert.Contains("Action required", message.Blocks[1]!.ToJsonString(), StringComparison.Ordinal);
        var buttons = message.Blocks[4]!["elements"]!.AsArray();
        // Each value is the typed action; read back, it is the command a reader would type.
        Assert.Equal(["ack api-sandbox-tls-certificate ready", "ack api-sandbox-tls-certificate not-affected", "ack api-sandbox-tls-certificate need-help", "check for api-sandbox-tls-certificate"],
            buttons.Select(b => CommandParser.Text(ButtonActionJson.Parse(b!["value"]!.GetValue<string>())!)));
        Assert.Equal("primary", buttons[0]!["style"]!.GetValue<string>());
        Assert.Equal("danger", buttons[2]!["style"]!.GetValue<string>());
        Assert.Equal(4, buttons.Select(b => b!["action_id"]!.GetValue<string>()).Distinct().Count());
        Assert.StartsWith("[Action required] API Sandbox TLS certificate", message.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_TimeMarker_ShowsReadersZoneTokenAndUtc()
    {
        var message = BlockKitRenderer.Render(NoticeCard());

        var window = message.Blocks[3]!["fields"]![1]!["text"]!.GetValue<string>();
        var unix = Window.ToUnixTimeSeconds();
        Assert.Contains($"<!date^{unix}^{{date_short_pretty}} {{time}}|Sat 14 Mar 2026 17:00 UTC> (Sat 14 Mar 2026 17:00 UTC)", window, StringComparison.Ordinal);
        Assert.DoesNotContain("{{time:", message.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Heads up <!channel> & <!here>")]
    [InlineData("<https://evil.example|https://login.example.com>")]
    [InlineData("ping <@U024BE7LH> and <#C123|general> <!subteam^S1>")]
    public void Render_NoticeAndUserText_CannotPingOrForgeLinks(string hostile)
    {
        var reply = new Reply { Title = hostile, Text = hostile, Facts = [new(hostile, hostile)], Sections = [new(hostile, hostile)] };

        var message = BlockKitRenderer.Render(reply);

        // plain_text (header, button labels) is never parsed for mentions or links; mrkdwn and the fallback are.
        // The only tokens left may be our date tokens and label-less links, which show their real target.
        foreach (var text in MrkdwnText(message.Blocks).Append(message.Text))
        {
            foreach (System.Text.RegularExpressions.Match token in System.Text.RegularExpressions.Regex.Matches(text, "<[^>]*>"))
            {
                Assert.True(token.Value.StartsWith("<!date^", StringComparison.Ordinal)
                    || (token.Value.StartsWith("<http", StringComparison.Ordinal) && !token.Value.Contains('|', StringComparison.Ordinal)), token.Value);
            }
        }

        Assert.All(message.Blocks.Where(b => b!["text"] is JsonObject { } t && t["type"]!.GetValue<string>() == "mrkdwn"),
            b => Assert.True(b!["text"]!["verbatim"]!.GetValue<bool>()));
    }

    [Fact]
    public void Render_SpecialMentions_AreEscapedNotSent()
    {
        var message = BlockKitRenderer.Render(Reply.Plain("Heads up <!channel> & <!here>"));

        Assert.Equal("Heads up &lt;!channel&gt; &amp; &lt;!here&gt;", message.Blocks[0]!["text"]!["text"]!.GetValue<string>());
        Assert.Equal("Heads up &lt;!channel&gt; &amp; &lt;!here&gt;", message.Text);
    }

    [Fact]
    public void Render_BareUrl_IsLinkedToItselfOnly()
    {
        var message = BlockKitRenderer.Render(Reply.Plain("Try https://test.example.com/path?a=1&b=2. Or |https://x.example|fake>"));

        var text = message.Blocks[0]!["text"]!["text"]!.GetValue<string>();
        Assert.Contains("<https://test.example.com/path?a=1&amp;b=2>.", text, StringComparison.Ordinal);
        Assert.Contains("|<https://x.example>|fake&gt;", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_HugeReply_StaysWithinSlackLimits()
    {
        var paragraph = string.Concat(Enumerable.Repeat("A long line of notice text & more. ", 40));
        var reply = new Reply
        {
            Title = new string('T', 400),
            Text = string.Join("\n\n", Enumerable.Repeat(paragraph, 30)),
            Facts = [.. Enumerable.Range(0, 25).Select(i => new ReplyFact($"Fact {i}", new string('v', 2500)))],
            Sections = [.. Enumerable.Range(0, 60).Select(i => new ReplySection($"Section {i}", paragraph))],
            Buttons = [.. Enumerable.Range(0, 40).Select(i => new ReplyButton(new string('b', 100), ButtonAction.Acknowledge($"n{i}", "ready"))), new ReplyButton("too long", ButtonAction.Acknowledge(new string('x', 2001), "ready"))],
            NoticeId = "big-notice",
        };

        var message = BlockKitRenderer.Render(reply);

        Assert.True(message.Blocks.Count <= BlockKitRenderer.MaxBlocks);
        Assert.True(AllText(message.Blocks).Sum(t => t.Length) <= BlockKitRenderer.MaxTotalText);
        Assert.True(message.Text.Length <= BlockKitRenderer.MaxFallbackText);
        foreach (var block in message.Blocks.Select(b => b!.AsObject()))
        {
            switch (block["type"]!.GetValue<string>())
            {
                case "header":
                    Assert.True(block["text"]!["text"]!.GetValue<string>().Length <= BlockKitRenderer.MaxHeaderText);
                    break;
                case "section" when block["fields"] is JsonArray fields:
                    Assert.True(fields.Count <= BlockKitRenderer.MaxFieldsPerSection);
                    Assert.All(fields, f => Assert.True(f!["text"]!.GetValue<string>().Length <= BlockKitRenderer.MaxFieldText));
                    break;
                case "section":
                    Assert.True(block["text"]!["text"]!.GetValue<string>().Length <= BlockKitRenderer.MaxSectionText);
                    break;
                case "actions":
                    var elements = block["elements"]!.AsArray();
                    Assert.Equal(BlockKitRenderer.MaxButtons, elements.Count);
                    Assert.All(elements, e => Assert.True(e!["text"]!["text"]!.GetValue<string>().Length <= BlockKitRenderer.MaxButtonText));
                    Assert.All(elements, e => Assert.True(e!["value"]!.GetValue<string>().Length <= BlockKitRenderer.MaxButtonValue));
                    break;
            }
        }

        Assert.Equal("actions", message.Blocks[^1]!["type"]!.GetValue<string>());
        Assert.Contains("notice big-notice", message.Blocks[^2]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("abc &amp; def", 9, "abc …")]
    [InlineData("abc <!date^1^{time}|x> def", 12, "abc …")]
    [InlineData("plain text here", 10, "plain tex…")]
    public void Truncate_NeverSplitsEntitiesOrTokens(string mrkdwn, int max, string expected) =>
        Assert.Equal(expected, SlackMrkdwn.Truncate(mrkdwn, max));
}
