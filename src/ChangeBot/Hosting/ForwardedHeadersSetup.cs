using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;
using IPNetwork = System.Net.IPNetwork;

namespace ChangeBot.Hosting;

/// <summary>
/// Behind a TLS-terminating reverse proxy the server sees plain http from the proxy. ASP.NET Core's forwarded-headers
/// middleware restores the client's scheme, host and address from <c>X-Forwarded-Proto/-Host/-For</c>, so the Slack
/// OAuth <c>redirect_uri</c> is https, its state cookie is Secure and the web chat's <c>streamUrl</c> is wss://.
/// Only the proxies named in <c>ForwardedHeaders:KnownProxies</c> (addresses) or <c>ForwardedHeaders:KnownNetworks</c>
/// (CIDR blocks) are believed; with neither set the headers are ignored, since anyone can send them.
/// </summary>
internal static class ForwardedHeadersSetup
{
    public static WebApplicationBuilder AddForwardedHeaders(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ProxySettings>()
            .Configure<IConfiguration>((settings, configuration) =>
            {
                settings.KnownProxies = configuration.ReadList("ForwardedHeaders:KnownProxies");
                settings.KnownNetworks = configuration.ReadList("ForwardedHeaders:KnownNetworks");
            })
            .Validate(s => s.KnownProxies.All(p => IPAddress.TryParse(p, out _)),
                "ForwardedHeaders:KnownProxies lists something that is not an IP address (expected e.g. 10.0.0.5 or fd00::5).")
            .Validate(s => s.KnownNetworks.All(n => IPNetwork.TryParse(n, out _)),
                "ForwardedHeaders:KnownNetworks lists something that is not a CIDR block (expected e.g. 10.0.0.0/24 or fd00::/64).")
            .ValidateOnStart();
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ProxySettings>>((options, proxies) =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            // ASP.NET Core trusts loopback by default; here only what the operator names is trusted.
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var proxy in proxies.Value.KnownProxies)
            {
                options.KnownProxies.Add(IPAddress.Parse(proxy));
            }

            foreach (var network in proxies.Value.KnownNetworks)
            {
                options.KnownIPNetworks.Add(IPNetwork.Parse(network));
            }
        });
        return builder;
    }

    /// <summary>First in the pipeline, so everything after sees the client's scheme, host and address. Not added
    /// at all without configured proxies: with empty lists the middleware would believe every sender.</summary>
    public static WebApplication UseForwardedHeadersFromKnownProxies(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<ProxySettings>>().Value.Any)
        {
            app.UseForwardedHeaders();
        }

        return app;
    }

    /// <summary>The <c>ForwardedHeaders</c> settings as written (lists: one comma-separated value or indexed children).</summary>
    internal sealed class ProxySettings
    {
        public IReadOnlyList<string> KnownProxies { get; set; } = [];

        public IReadOnlyList<string> KnownNetworks { get; set; } = [];

        public bool Any => KnownProxies.Count > 0 || KnownNetworks.Count > 0;
    }
}
