using ChangeBot.Core.Checks;

namespace ChangeBot.Core.Acknowledgements;

/// <summary>
/// A chain check someone ran in a channel for a notice (<c>check &lt;target&gt; for &lt;notice&gt;</c>), so
/// readiness can show support what each channel last found. The store keeps the latest per channel.
/// </summary>
/// <param name="Target">The endpoint as the user typed it.</param>
/// <param name="Problems">The problem codes found (docs/checks.md#problems vocabulary), empty when none.</param>
public sealed record ChannelCheck(
    string NoticeId,
    string ChannelKey,
    string UserId,
    DateTimeOffset At,
    string Target,
    CheckVerdict Verdict,
    IReadOnlyList<string> Problems);
