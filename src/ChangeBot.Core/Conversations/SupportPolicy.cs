namespace ChangeBot.Core.Conversations;

/// <summary>
/// The one rule for which chat users may run support actions. Every chat surface (Slack, Teams, web chat;
/// typed, mentioned or a button) reaches support actions only through the conversation handler, which
/// asks this policy, so the rule cannot differ between platforms. REST and the Hangfire dashboard have no
/// chat identity: there, holding a token from <c>ChangeBot:ApiTokens</c> is what makes a caller support.
/// </summary>
public sealed class SupportPolicy(IEnumerable<string> supportUsers)
{
    private readonly HashSet<string> _users = new(supportUsers.Select(u => u.Trim()).Where(u => u.Length > 0), StringComparer.Ordinal);

    /// <summary>Platform ids are case-sensitive (<c>directline:DL_alice</c> is not <c>directline:dl_alice</c>), so
    /// the comparison is exact. True when the platform-qualified user id (<c>platform:id</c>) is listed in <c>ChangeBot:SupportUsers</c>.</summary>
    public bool IsSupport(string? platformUserId) => platformUserId is not null && _users.Contains(platformUserId);
}
