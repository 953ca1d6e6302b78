namespace ChangeBot.Core.Conversations;

/// <summary>Log event ids of the conversation core.
/// This area owns 4000–4099; every id is unique across the assemblies (a test checks it), so an id in a
/// log line names one place in the code.</summary>
internal static class ConversationEventIds
{
    public const int Failure = 4001;
}
