using System.Text.Json.Nodes;

namespace ChangeBot.Tests.Authorization;

internal static class ReplyText
{
    /// <summary>Every string in a platform payload (Block Kit, Adaptive Card, activity), one per line, so a
    /// test can look for words without depending on how each platform lays them out.</summary>
    public static string Of(JsonNode? node) => string.Join('\n', Strings(node));

    private static IEnumerable<string> Strings(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => Strings(p.Value)),
        JsonArray a => a.SelectMany(Strings),
        JsonValue v when v.TryGetValue<string>(out var s) => [s],
        _ => [],
    };
}
