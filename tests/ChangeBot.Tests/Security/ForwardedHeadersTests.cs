using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using ChangeBot.Tests.DirectLine;
using ChangeBot.Tests.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace ChangeBot.Tests.Security;

/// <summary>Behind a TLS-terminating proxy: <c>X-Forwarded-Proto: https</c> from a configured proxy makes the
/// Slack OAuth redirect https, its state cookie Secure and the web chat stream wss://; from any other sender the
/// header changes nothing, since anyone can send it.</summary>
public sealed class ForwardedHeadersTests
{
    private const string Proxy = "10.0.0.5";
    private const string DirectLineSecret = "forwarded-test-directline-secret-0123";

    public static TheoryData<string, string, string, bool> Senders => new()
    {
        // KnownProxies, KnownNetworks, the sender's address, honoured
        { Proxy, "", Proxy, true },
        { "", "10.0.0.0/24", "10.0.0.77", true },
        { Proxy, "", "10.0.0.6", false },
        { "", "", Proxy, false },
    };

    [Theory]
    [MemberData(nameof(Senders))]
    public async Task ForwardedProtoHttps_IsHonouredOnlyFromAConfiguredProxy(string proxies, string networks, string sender, bool honoured)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = new ChangeBotApp(
            new Dictionary<string, string?>
            {
                ["ForwardedHeaders:KnownProxies"] = proxies,
                ["ForwardedHeaders:KnownNetworks"] = networks,
                ["Slack:SigningSecret"] = "forwarded-test-signing-secret",
                ["Slack:ClientId"] = "1111.2222",
                ["Slack:ClientSecret"] = "forwarded-test-client-secret",
                ["DirectLine:Secret"] = DirectLineSecret,
            },
            services => services.AddSingleton<IStartupFilter>(new RemoteAddressStartupFilter(IPAddress.Parse(sender))));
        using var client = app.CreateClient(new() { AllowAutoRedirect = false });

        using var install = new HttpRequestMessage(HttpMethod.Get, "/slack/install");
        install.Headers.Add("X-Forwarded-Proto", "https");
        using var redirect = await client.SendAsync(install, ct);
        using var start = new HttpRequestMessage(HttpMethod.Post, "/v3/directline/conversations");
        start.Headers.Add("X-Forwarded-Proto", "https");
        start.Headers.Authorization = new AuthenticationHeaderValue("Bearer", DirectLineSecret);
        using var started = await client.SendAsync(start, ct);

        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        var location = Uri.UnescapeDataString(redirect.Headers.Location!.AbsoluteUri);
        var cookie = Assert.Single(redirect.Headers.GetValues("Set-Cookie"));
        var streamUrl = JsonDocument.Parse(await started.Content.ReadAsStringAsync(ct)).RootElement.GetProperty("streamUrl").GetString()!;
        var scheme = honoured ? "https" : "http";
        Assert.Contains($"redirect_uri={scheme}://localhost/slack/oauth/callback", location, StringComparison.Ordinal);
        Assert.Equal(honoured, cookie.Contains("; secure", StringComparison.OrdinalIgnoreCase));
        Assert.StartsWith(honoured ? "wss://localhost/" : "ws://localhost/", streamUrl, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ForwardedHeaders:KnownProxies", "proxy.internal", "not an IP address")]
    [InlineData("ForwardedHeaders:KnownNetworks", "10.0.0.0/99", "not a CIDR block")]
    public void BadProxySetting_StopsTheServerNamingTheSetting(string key, string value, string says)
    {
        using var app = new ChangeBotApp(new Dictionary<string, string?> { [key] = value });

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains(key, error.ToString(), StringComparison.Ordinal);
        Assert.Contains(says, error.ToString(), StringComparison.Ordinal);
    }
}
