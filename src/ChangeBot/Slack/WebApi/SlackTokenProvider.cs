using System.Collections.Concurrent;
using ChangeBot.Core.Storage;
using Microsoft.Extensions.Options;

namespace ChangeBot.Slack.WebApi;

/// <summary>
/// The bot token for a workspace: the one its OAuth install stored, else <c>Slack:BotToken</c>.
/// Lookups are cached briefly so the hot path does not hit the store on every call.
/// </summary>
internal sealed class SlackTokenProvider(IChangeBotStore store, IOptions<SlackOptions> options, TimeProvider time)
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(5);
    private readonly ConcurrentDictionary<string, (string Token, DateTimeOffset Until)> _cache = new(StringComparer.Ordinal);

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

        // Org-wide (Enterprise Grid) installs store one token for the org; channels name their team.
        enterprise ??= team is null ? null : await store.GetSecretAsync(EnterpriseOfKey(team), ct) is { Length: > 0 } org ? org : null;
        var token = await FromStoreAsync(team, ct) ?? await FromStoreAsync(enterprise, ct) ?? options.Value.BotToken;
        if (string.IsNullOrEmpty(token))
        {
            throw new SlackApiException("auth", "no_bot_token", SlackErrorKind.Gone);
        }

        _cache[cacheKey] = (token, now + CacheFor);
        return token;
    }

    public async Task StoreAsync(string key, string token, CancellationToken ct)
    {
        await store.SetSecretAsync(SecretKey(key), token, ct);
        _cache.Clear();
    }

    /// <summary>After app_uninstalled / tokens_revoked: the workspace's token is wiped (the store has no
    /// delete, so an empty value means "none").</summary>
    public async Task RemoveAsync(string key, CancellationToken ct)
    {
        await store.SetSecretAsync(SecretKey(key), "", ct);
        _cache.Clear();
    }

    private async Task<string?> FromStoreAsync(string? key, CancellationToken ct) =>
        key is null ? null : await store.GetSecretAsync(SecretKey(key), ct) is { Length: > 0 } token ? token : null;
}
