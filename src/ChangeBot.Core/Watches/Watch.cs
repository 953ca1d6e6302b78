namespace ChangeBot.Core.Watches;

/// <summary>
/// An endpoint of the customer's own that a channel asked ChangeBot to check daily (docs/checks.md#watching-an-endpoint).
/// <see cref="Id"/> is random, not derived from channel and endpoint, so watching an endpoint again after
/// <c>unwatch</c> starts afresh in the delivery ledger, whose alert keys include it.
/// </summary>
public sealed record Watch
{
    public required string Id { get; init; }

    /// <summary>The conversation the alerts go to (<c>platform:workspace:conversation</c>).</summary>
    public required string ChannelKey { get; init; }

    /// <summary>The endpoint as <see cref="WatchEndpoint.Normalize"/> writes it; one watch per (channel, endpoint).</summary>
    public required string Endpoint { get; init; }

    /// <summary>The platform store whose verdict is followed (<c>mozilla</c>, …); null: the server's own trust.</summary>
    public string? Store { get; init; }

    public required string CreatedBy { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>What the last run found: the baseline the next run compares with.</summary>
    public WatchState State { get; init; } = new();
}

/// <summary>The last result of a watch. Fields describing the chain keep the last value seen while reachable.</summary>
public sealed record WatchState
{
    public DateTimeOffset? CheckedAt { get; init; }

    /// <summary>The last result in words, as <c>watches</c> shows it.</summary>
    public string? Summary { get; init; }

    public string? LeafSha256 { get; init; }
    public DateTimeOffset? NotAfter { get; init; }

    /// <summary>The issuer's name, and its identity: the SHA-256 of the issuing certificate when the server sent
    /// it, else the name (a renewed leaf under the same intermediate is not a change).</summary>
    public string? Issuer { get; init; }
    public string? IssuerFingerprint { get; init; }

    /// <summary>The issuer before the last change (for the alert's wording).</summary>
    public string? PreviousIssuer { get; init; }

    /// <summary>The root the chain leads to (subject), when it can be named.</summary>
    public string? Root { get; init; }

    /// <summary>The root before the last change (for the alert's wording).</summary>
    public string? PreviousRoot { get; init; }

    /// <summary>Whether the chosen store verified the chain at the last successful contact.</summary>
    public bool? StoreTrusted { get; init; }

    /// <summary>The followed store's reason at the last successful contact.</summary>
    public string? StoreReason { get; init; }

    /// <summary>When the current run of failed contacts began; null while the endpoint answers.</summary>
    public DateTimeOffset? UnreachableSince { get; init; }

    /// <summary>Consecutive daily runs that could not reach the endpoint.</summary>
    public int FailedRuns { get; init; }

    /// <summary>Why the last contact failed (the check's problem message).</summary>
    public string? LastError { get; init; }
}

/// <summary>The outcome of <see cref="IWatchStore.AddWatchAsync"/>.</summary>
public enum WatchAddResult { Added, AlreadyWatched, ChannelFull }
