namespace ChangeBot.Core.Subscriptions;

/// <summary>
/// A channel's wish to hear about notices. <see cref="Filters"/> are product, environment or tag slugs;
/// empty means every notice. A subscription is <em>broken</em> when the platform told us we can no
/// longer post there (channel archived, bot removed): it stays visible to support with the reason.
/// </summary>
public sealed record Subscription(
    ConversationAddress Address,
    IReadOnlyList<string> Filters,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    string? BrokenReason = null)
{
    /// <summary>One subscription per channel and filter set.</summary>
    public string Id => $"{Address.Key}|{string.Join(',', Filters.Order(StringComparer.Ordinal))}";

    public bool IsBroken => BrokenReason is not null;

    public bool Matches(Notices.Notice notice) =>
        Filters.Count == 0 || Filters.Any(f => notice.Slugs.Contains(f, StringComparer.OrdinalIgnoreCase));
}
