namespace ChangeBot.Core.Subscriptions;

/// <summary>Log event ids of subscriptions and channel presence.
/// This area owns 4100–4199; every id is unique across the assemblies (a test checks it), so an id in a
/// log line names one place in the code.</summary>
internal static class SubscriptionEventIds
{
    public const int Gone = 4101;
}
