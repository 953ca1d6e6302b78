using System.Collections.Concurrent;
using System.Security.Cryptography;
using ChangeBot.Core.Storage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace ChangeBot.Slack.WebApi;

/// <summary>
/// The bot token for a workspace: its own install's, else its org's (an org-wide Enterprise Grid install),
/// else <c>Slack:BotToken</c> — but never for a workspace or org that uninstalled ChangeBot: its calls fail
/// as gone instead of going out under another install's token. Installations are stored per
/// (enterprise, team), the token protected with ASP.NET Core Data Protection (keys in the store, so every
/// instance reads them); installs written before that, in plain text under <c>slack:bot-token:</c>, are
/// still read and replaced by a protected record on the next install. Lookups are cached briefly so the
/// hot path does not hit the store on every call.
/// </summary>
internal sealed class SlackTokenProvider(IChangeBotStore store, IOptions<SlackOptions> options, TimeProvider time, IDataProtectionProvider protection)
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(5);

    /// <summary>Marks a protected token; anything else in a record is a plain-text token of an older install.</summary>
    private const string ProtectedPrefix = "dp1:";

    /// <summary>A record holding this value is an uninstall: no token, and no fallback either.</summary>
    private const string Uninstalled = "";

    private readonly ConcurrentDictionary<string, (string Token, DateTimeOffset Until)> _cache = new(StringComparer.Ordinal);
    private readonly IDataProtector _protector = protection.CreateProtector("ChangeBot.Slack.BotToken");

    /// <summary>The installation record of a workspace (<paramref name="team"/>) or, with a null team, of an
    /// org-wide install. A workspace outside any org has "-" for its enterprise.</summary>
    public static string InstallationKey(string? enterprise, string? team) =>
        $"slack:installation:{(string.IsNullOrEmpty(enterprise) ? "-" : enterprise)}:{(string.IsNullOrEmpty(team) ? "*" : team)}";

    /// <summary>Where installs were kept before installations were per (enterprise, team), in plain text; still
    /// read (and what a plain-text token can be seeded under, e.g. by the benchmarks).</summary>
    public static string SecretKey(string teamOrEnterpriseId) => "slack:bot-token:" + teamOrEnterpriseId;

    private static string EnterpriseOfKey(string team) => "slack:enterprise-of:" + team;

    /// <summary>Remembers which org a workspace belongs to, seen on its events, so proactive sends to
    /// its channels find an org-wide install's token.</summary>
    public Task RememberEnterpriseAsync(string team, string enterprise, CancellationToken ct) =>
        store.SetSecretAsync(EnterpriseOfKey(team), enterprise, ct);

    public async Task<string> GetBotTokenAsync(string? team, string? enterprise, CancellationToken ct)
    {
        var cacheKey = team + "|" + enterprise;
        var now = time.GetUtcNow();
        if (_cache.TryGetValue(cacheKey, out var cached) && cached.Until > now)
        {
            return cached.Token;
        }

        enterprise ??= team is null ? null : await store.GetSecretAsync(EnterpriseOfKey(team), ct) is { Length: > 0 } org ? org : null;
        var token = (team is null ? null : await FindAsync(InstallationKey(enterprise, team), SecretKey(team), ct))
            ?? (enterprise is null ? null : await FindAsync(InstallationKey(enterprise, null), SecretKey(enterprise), ct))
            ?? options.Value.BotToken;
        if (string.IsNullOrEmpty(token))
        {
            throw new SlackApiException("auth", "no_bot_token", SlackErrorKind.Gone);
        }

        _cache[cacheKey] = (token, now + CacheFor);
        return token;
    }

    /// <summary>Stores an install's bot token, protected; <paramref name="team"/> is null for an org-wide install.</summary>
    public async Task StoreAsync(string? enterprise, string? team, string token, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(token);
        if (team is not null && enterprise is not null)
        {
            await RememberEnterpriseAsync(team, enterprise, ct);
        }

        await store.SetSecretAsync(InstallationKey(enterprise, team), ProtectedPrefix + _protector.Protect(token), ct);
        _cache.Clear();
    }

    /// <summary>After app_uninstalled / tokens_revoked: the installation's token is wiped and the record kept
    /// as an uninstall, so the workspace (or, with a null team, the whole org) gets no fallback token.</summary>
    public async Task RemoveAsync(string? enterprise, string? team, CancellationToken ct)
    {
        await store.SetSecretAsync(InstallationKey(enterprise, team), Uninstalled, ct);
        if ((team ?? enterprise) is { } legacy)
        {
            await store.SetSecretAsync(SecretKey(legacy), Uninstalled, ct);
        }

        _cache.Clear();
    }

    /// <summary>The token of one installation: <see cref="Uninstalled"/> when it was removed, null when
    /// there never was one. The per-(enterprise, team) record wins over the older plain-text one.</summary>
    private async Task<string?> FindAsync(string key, string legacyKey, CancellationToken ct)
    {
        var record = await store.GetSecretAsync(key, ct) ?? await store.GetSecretAsync(legacyKey, ct);
        if (record is null or Uninstalled)
        {
            return record;
        }

        if (!record.StartsWith(ProtectedPrefix, StringComparison.Ordinal))
        {
            return record;
        }

        try
        {
            return _protector.Unprotect(record[ProtectedPrefix.Length..]);
        }
        catch (CryptographicException)
        {
            // The key ring lost the key (a store restored without it): the install must be redone.
            throw new SlackApiException("auth", "bot_token_unreadable", SlackErrorKind.Gone);
        }
    }
}
