using System.Net;
using System.Text.Json.Nodes;
using ChangeBot.Tests.Authorization;
using ChangeBot.Tests.BotFramework;
using ChangeBot.Tests.Slack;

namespace ChangeBot.Tests.Watches;

/// <summary>Typing a message to the bot through each platform's real endpoint, returning the bot's answer to it.</summary>
internal static class WatchChat
{
    public const string SlackTeam = "T0AAAAAAA";

    /// <summary>"@ChangeBot &lt;text&gt;" in Slack channel <paramref name="channel"/>; returns the reply in that message's thread.</summary>
    public static async Task<string> SlackAsync(SlackTestApp slack, string channel, string text, string user = "U0USERAAA")
    {
        var ts = $"1712345678.{Random.Shared.Next(100000, 999999)}";
        var envelope = JsonNode.Parse(SlackTestApp.Payload("app_mention.json"))!;
        envelope["event_id"] = "Ev" + Guid.NewGuid().ToString("N");
        envelope["event"]!["text"] = "<@U0BOTBOT> " + text;
        envelope["event"]!["user"] = user;
        envelope["event"]!["channel"] = channel;
        envelope["event"]!["ts"] = ts;
        envelope["event"]!["event_ts"] = ts;
        envelope["event"]!["client_msg_id"] = Guid.NewGuid().ToString();

        using var response = await slack.PostEventAsync(envelope.ToJsonString());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var call = (await slack.Slack.WaitForAsync(c => c.Method is "chat.postEphemeral" or "chat.postMessage" && (string?)c.Json?["thread_ts"] == ts)).Single();
        return ReplyText.Of(call.Json);
    }

    /// <summary>"@ChangeBot &lt;text&gt;" in the Teams channel; returns the bot's reply to that activity.</summary>
    public static async Task<string> TeamsAsync(TeamsTestHost teams, string text)
    {
        var id = Random.Shared.NextInt64(1_700_000_000_000, 1_799_999_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);

        using var response = await teams.PostAsync(TeamsActivities.ChannelMention(teams.ServiceUrl, text, id), teams.ValidToken());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        while (true)
        {
            var call = await teams.Connector.NextCallAsync();
            if (call.Path.EndsWith("/activities/" + id, StringComparison.Ordinal))
            {
                return ReplyText.Of(call.Body);
            }
        }
    }
}
