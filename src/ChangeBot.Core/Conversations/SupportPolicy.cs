namespace ChangeBot.Core.Conversations;

/// <summary>
/// The one rule for who may run support actions, used by every surface (chat platforms, REST, the
/// Hangfire dashboard) so the rule cannot differ between them.
/// </summary>
public sealed class SupportPolicy(IEnumerable<string> supportUsers)
{
    private readonly HashSet<string> _users = new(supportUsers.Select(u => u.Trim()).Where(u => u.Length > 0), StringComparer.OrdinalIgnoreCase);

    /// <summary>True when the platform-qualified user id (<c>platform:id</c>) is listed in <c>ChangeBot:SupportUsers</c>.</summary>
    public bool IsSupport(string? platformUserId) => platformUserId is not null && _users.Contains(platformUserId);
}
