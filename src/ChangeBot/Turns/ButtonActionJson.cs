using System.Text.Json;
using System.Text.Json.Nodes;
using ChangeBot.Core.Conversations;

namespace ChangeBot.Turns;

/// <summary>
/// A button's <see cref="ButtonAction"/> as it travels through a platform and comes back on a press (Slack's
/// action value, an Adaptive Card's submit data). What comes back is untrusted input: anything but a
/// well-formed, bounded action reads as null.
/// </summary>
internal static class ButtonActionJson
{
    private const int MaxArgs = 8;
    private const int MaxText = 255;

    public static JsonObject ToJson(ButtonAction action)
    {
        var json = new JsonObject { ["command"] = action.Command };
        if (action.Args.Count > 0)
        {
            json["args"] = new JsonArray([.. action.Args.Select(a => JsonValue.Create(a))]);
        }

        if (action.NoticeId is not null)
        {
            json["notice"] = action.NoticeId;
        }

        if (action.NeedsTarget)
        {
            json["needsTarget"] = true;
        }

        if (action.SuggestedTarget is not null)
        {
            json["target"] = action.SuggestedTarget;
        }

        return json;
    }

    /// <summary>An action from its JSON text, or null when the text is not one (e.g. a button posted before
    /// buttons carried typed actions, whose value is the command text).</summary>
    public static ButtonAction? Parse(string? text)
    {
        if (text is null || !text.TrimStart().StartsWith('{'))
        {
            return null;
        }

        try
        {
            return Read(JsonNode.Parse(text));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static ButtonAction? Read(JsonNode? node)
    {
        if (node is not JsonObject json || Text(json["command"]) is not { } command)
        {
            return null;
        }

        List<string> args = [];
        if (json["args"] is { } argsNode)
        {
            if (argsNode is not JsonArray array || array.Count > MaxArgs)
            {
                return null;
            }

            foreach (var arg in array)
            {
                if (Text(arg) is not { } value)
                {
                    return null;
                }

                args.Add(value);
            }
        }

        var needsTarget = json["needsTarget"] is JsonValue flag && flag.GetValueKind() == JsonValueKind.True;
        return new ButtonAction(command, args) { NoticeId = Text(json["notice"]), NeedsTarget = needsTarget, SuggestedTarget = Text(json["target"]) };
    }

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String && value.GetValue<string>() is { Length: > 0 and <= MaxText } text
            && !text.Any(char.IsWhiteSpace)
            ? text
            : null;
}
