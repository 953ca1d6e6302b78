using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace ChangeBot.Core.Checks;

/// <summary>The JSON form of a check (docs/checks.md#verdict-and-exit-codes): camelCase, every field present (null when unknown),
/// verdict as <c>ok</c> / <c>problems</c> / <c>error</c>.</summary>
public static class CheckJson
{
    /// <summary>Read by people and scripts, never embedded in HTML: apostrophes and non-ASCII names stay as
    /// written instead of <c>\u0027</c> escapes.</summary>
    private static readonly JsonTypeInfo<CheckResult> Relaxed = (JsonTypeInfo<CheckResult>)new JsonSerializerOptions(CheckJsonContext.Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    }.GetTypeInfo(typeof(CheckResult));

    public static string Serialize(CheckResult result) => JsonSerializer.Serialize(result, Relaxed);
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    WriteIndented = true)]
[JsonSerializable(typeof(CheckResult))]
public sealed partial class CheckJsonContext : JsonSerializerContext;
