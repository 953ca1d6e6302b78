using System.Text.Json.Nodes;

namespace ChangeBot.Slack.Inbound;

/// <summary>The immediate answer to a Slack delivery: the HTTP response, or the Socket Mode ack payload.</summary>
internal sealed record SlackAck(int Status, string? Text = null, JsonObject? Json = null)
{
    public static SlackAck Ok() => new(StatusCodes.Status200OK);

    public static SlackAck Bad(string problem) => new(StatusCodes.Status400BadRequest, problem);

    /// <summary>The queue is full: Slack retries events; users of commands are told plainly.</summary>
    public static SlackAck Busy() => new(StatusCodes.Status503ServiceUnavailable);

    public bool IsOk => Status == StatusCodes.Status200OK;

    public IResult ToResult() => (Status, Json, Text) switch
    {
        (200, { } json, _) => Results.Text(json.ToJsonString(), "application/json"),
        (200, null, { } text) => Results.Text(text, "text/plain"),
        (400, _, { } problem) => Results.Text(problem, "text/plain", statusCode: 400),
        _ => Results.StatusCode(Status),
    };
}
