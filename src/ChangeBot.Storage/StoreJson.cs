using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using ChangeBot.Core.Acknowledgements;
using ChangeBot.Core.Audit;
using ChangeBot.Core.Deliveries;
using ChangeBot.Core.Notices;
using ChangeBot.Core.Subscriptions;
using ChangeBot.Core.Unanswered;

namespace ChangeBot.Storage;

/// <summary>
/// How records are kept in a document store: their System.Text.Json form (camelCase, enums as names), so the
/// domain records need no storage attributes and LiteDB and PostgreSQL (jsonb) hold the same documents.
/// </summary>
internal static class StoreJson
{
    public static JsonSerializerOptions Options { get; } = new(StoreJsonContext.Default.Options)
    {
        TypeInfoResolver = StoreJsonContext.Default.WithAddedModifier(DropComputedProperties),
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Info<T>());

    public static T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize(json, Info<T>()) ?? throw new JsonException($"Stored {typeof(T).Name} is null.");

    private static JsonTypeInfo<T> Info<T>() => (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T));

    /// <summary>Derived values (<c>Notice.Slugs</c>, <c>Subscription.Id</c>, <c>Delivery.Key</c>) are recomputed
    /// on read, so storing them would only waste space and invite drift.</summary>
    private static void DropComputedProperties(JsonTypeInfo info)
    {
        if (info.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }

        for (var i = info.Properties.Count - 1; i >= 0; i--)
        {
            if (info.Properties[i].Set is null && info.Properties[i].AssociatedParameter is null)
            {
                info.Properties.RemoveAt(i);
            }
        }
    }
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true)]
[JsonSerializable(typeof(Notice))]
[JsonSerializable(typeof(Subscription))]
[JsonSerializable(typeof(ConversationReference))]
[JsonSerializable(typeof(Delivery))]
[JsonSerializable(typeof(Acknowledgement))]
[JsonSerializable(typeof(UnansweredQuestion))]
[JsonSerializable(typeof(AuditEntry))]
[JsonSerializable(typeof(ChannelCheck))]
[JsonSerializable(typeof(ChangeBot.Core.Storage.ScheduledJob))]
[JsonSerializable(typeof(DeliveryOutcome))]
[JsonSerializable(typeof(ChangeBot.Core.Watches.Watch))]
[JsonSerializable(typeof(ChangeBot.Core.CutOvers.CutOverObservation))]
internal sealed partial class StoreJsonContext : JsonSerializerContext;
