using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace ChangeBot.DirectLine;

internal enum CallerKind { Secret, Anonymous, Token }

/// <summary>Who is calling: the secret holder (a support site's backend), an anonymous visitor (no credential),
/// or a token holder bound to one conversation and, when the secret holder issued it for one, one user.</summary>
internal sealed record DirectLineCaller(CallerKind Kind, string? ConversationId = null, string? UserId = null)
{
    /// <summary>The secret holder may use any conversation, a token its own; an anonymous visitor none until it
    /// starts one (the start reply's token then names it).</summary>
    public bool MayUse(string conversationId) =>
        Kind == CallerKind.Secret || (Kind == CallerKind.Token && string.Equals(ConversationId, conversationId, StringComparison.Ordinal));

    /// <summary>Only the secret holder, directly or through a token it issued for a user id, says who someone is.</summary>
    public bool IsTrustedForIdentity => Kind == CallerKind.Secret || UserId is not null;
}

/// <summary>
/// Direct Line authentication. <c>Bearer &lt;secret&gt;</c> (when <c>DirectLine:Secret</c> is set) or a token this
/// process issued; no credential at all (directlinejs then sends <c>Bearer undefined</c>) is an anonymous visitor,
/// from any address: the peer address proves nothing behind a same-host proxy, so it never grants identity.
/// An anonymous visitor only ever gets a server-assigned id for its own conversation (see <see cref="PostedActivity"/>).
/// </summary>
internal sealed class DirectLineAuth(IOptions<DirectLineOptions> options, DirectLineTokens tokens, ILogger<DirectLineAuth> logger)
{
    private readonly byte[]? _secretHash = options.Value.Secret is { } s ? SHA256.HashData(Encoding.UTF8.GetBytes(s)) : null;

    public async Task<AuthOutcome> AuthenticateAsync(HttpContext context, string? credential)
    {
        credential = credential?.Trim();
        if (string.IsNullOrEmpty(credential) || credential is "undefined" or "null")
        {
            return AuthOutcome.Ok(new DirectLineCaller(CallerKind.Anonymous));
        }

        if (_secretHash is not null && FixedTimeEquals(credential))
        {
            return AuthOutcome.Ok(new DirectLineCaller(CallerKind.Secret));
        }

        var check = await tokens.ValidateAsync(credential);
        return check.Status switch
        {
            TokenStatus.Valid => AuthOutcome.Ok(new DirectLineCaller(CallerKind.Token, check.ConversationId, check.UserId)),
            TokenStatus.Expired => AuthOutcome.Fail(DirectLineError.TokenExpired()),
            _ => Unauthorized(context, "invalid secret or token"),
        };
    }

    /// <summary>The credential of a REST call: <c>Authorization: Bearer …</c>.</summary>
    public static string? BearerCredential(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..] : null;
    }

    private AuthOutcome Unauthorized(HttpContext context, string why)
    {
        DirectLineLog.Rejected(logger, context.Connection.RemoteIpAddress?.ToString() ?? "unknown", why);
        return AuthOutcome.Fail(DirectLineError.Unauthorized());
    }

    private bool FixedTimeEquals(string credential) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(credential)), _secretHash);
}

internal sealed record AuthOutcome(DirectLineCaller? Caller, IResult? Failure)
{
    public static AuthOutcome Ok(DirectLineCaller caller) => new(caller, null);

    public static AuthOutcome Fail(IResult failure) => new(null, failure);
}

/// <summary>Loopback host names, for the CORS rule of a server without a secret.</summary>
internal static class LoopbackRule
{
    public static bool IsLoopbackHost(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));

    /// <summary>Without a secret, only pages from loopback origins may call cross-origin (the built-in page is same-origin).</summary>
    public static bool IsLoopbackOrigin(string origin) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri) && IsLoopbackHost(uri.Host);
}
