using System.Net.Http.Headers;
using ChangeBot.Tests.Hosting;

namespace ChangeBot.Tests.Api;

internal static class ApiClient
{
    public const string Token = "test-token-0123456789abcdef";

    public static ChangeBotApp App(IDictionary<string, string?>? more = null)
    {
        var settings = new Dictionary<string, string?> { ["ChangeBot:ApiTokens"] = Token };
        foreach (var (k, v) in more ?? new Dictionary<string, string?>())
        {
            settings[k] = v;
        }

        return new ChangeBotApp(settings);
    }

    public static HttpClient Authorized(this ChangeBotApp app, string token = Token)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
