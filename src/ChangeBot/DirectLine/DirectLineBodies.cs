using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace ChangeBot.DirectLine;

/// <summary>The reply to token and conversation requests; Direct Line spells <c>expires_in</c> so.</summary>
internal sealed record ConversationInfo(
    [property: JsonPropertyName("conversationId")] string ConversationId,
    [property: JsonPropertyName("token")] string Token,
    [property: JsonPropertyName("expires_in")] int ExpiresIn,
    [property: JsonPropertyName("streamUrl"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? StreamUrl = null);

internal static class DirectLineBodies
{
    /// <summary>One activity's serialized size: room for a chat-sized text (<see cref="PostedActivity.MaxTextLength"/>)
    /// and the fields clients add, far below the Azure service's 256 KB, since every byte kept is memory.</summary>
    public const int MaxActivityChars = 32 * 1024;

    /// <summary>Reads a JSON object body; an empty body is null when <paramref name="required"/> is false.</summary>
    public static async Task<(JsonObject? Body, IResult? Error)> ReadObjectAsync(HttpRequest request, bool required, CancellationToken ct)
    {
        if (request.ContentLength > MaxActivityChars * 4L)
        {
            return (null, DirectLineError.TooLarge(MaxActivityChars));
        }

        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var buffer = new char[MaxActivityChars + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await reader.ReadAsync(buffer.AsMemory(length), ct)) > 0)
        {
            length += read;
        }

        if (length > MaxActivityChars)
        {
            return (null, DirectLineError.TooLarge(MaxActivityChars));
        }

        var text = new string(buffer, 0, length);
        if (string.IsNullOrWhiteSpace(text))
        {
            return required ? (null, DirectLineError.BadArgument("The request needs a JSON activity in its body.")) : (null, null);
        }

        try
        {
            return JsonNode.Parse(text) is JsonObject body
                ? (body, null)
                : (null, DirectLineError.BadArgument("The body must be a JSON object."));
        }
        catch (JsonException ex)
        {
            return (null, DirectLineError.BadArgument($"The body is not valid JSON: {ex.Message}"));
        }
    }

    /// <summary>The optional <c>user.id</c> of a token or start request, or an error naming the problem.</summary>
    public static (string? UserId, IResult? Error) UserIdOf(JsonObject? body)
    {
        var user = body?["user"];
        if (user is not null and not JsonObject)
        {
            return (null, DirectLineError.BadArgument("'user' must be an object."));
        }

        var id = user?["id"];
        if (id is null)
        {
            return (null, null);
        }

        return id is JsonValue value && value.TryGetValue<string>(out var text) && text.Length is > 0 and <= PostedActivity.MaxUserIdLength
            ? (text, null)
            : (null, DirectLineError.BadArgument($"'user.id' must be a non-empty string of at most {PostedActivity.MaxUserIdLength} characters."));
    }

    /// <summary>An ActivitySet written from the stored JSON without re-parsing it.</summary>
    public static string ActivitySet(ActivityPage page)
    {
        var json = new StringBuilder("{\"activities\":[");
        for (var i = 0; i < page.Activities.Count; i++)
        {
            json.Append(i == 0 ? "" : ",").Append(page.Activities[i].Json);
        }

        return json.Append("],\"watermark\":\"").Append(page.Watermark.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append("\"}").ToString();
    }

    /// <summary>A watermark this server issued (a sequence number), or null when absent; false when unreadable.</summary>
    public static bool TryParseWatermark(string? watermark, out long value)
    {
        value = 0;
        return string.IsNullOrEmpty(watermark)
            || (long.TryParse(watermark, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out value));
    }
}
