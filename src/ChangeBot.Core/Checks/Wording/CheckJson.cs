using System.Text.Json;
using System.Text.Json.Serialization;

namespace ChangeBot.Core.Checks;

/// <summary>The JSON form of a check (SPEC §5a): camelCase, every field present (null when unknown),
/// verdict as <c>ok</c> / <c>problems</c> / <c>error</c>.</summary>
public static class CheckJson
{
    public static string Serialize(CheckResult result) => JsonSerializer.Serialize(result, CheckJsonContext.Default.CheckResult);
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    WriteIndented = true)]
[JsonSerializable(typeof(CheckResult))]
public sealed partial class CheckJsonContext : JsonSerializerContext;
