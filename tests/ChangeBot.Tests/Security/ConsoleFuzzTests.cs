using System.Net;
using System.Net.Http.Headers;
using System.Text;
using ChangeBot.Testing.SupportConsole;
using ChangeBot.Tests.SupportConsole;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChangeBot.Tests.Security;

/// <summary>
/// The console's forms, fuzzed as a signed-in support user with a valid antiforgery token, so the body itself
/// is what is tested (without the token every post is refused before binding, which the CSRF tests prove):
/// huge fields, invalid UTF-8, truncated and binary bodies, thousands of fields, wrong content types and
/// numbers that do not fit. None may get a 5xx or log an error or exception. The store is not compared: a
/// mutation of the sample's own text is a valid notice and may be saved as a draft, which is what the page is
/// for. Which console routes take a body is read from the routing table, as in <see cref="InboundFuzzTests"/>,
/// which leaves them to this class.
/// </summary>
public sealed class ConsoleFuzzTests
{
    private const int Seed = 20261207;
    private const int Cases = 600;
    private const string Sample = ConsoleHost.SampleNotice;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <param name="Route">the route pattern the path reaches; <paramref name="Fields"/> are the form's own names.</param>
    private sealed record Target(string Route, string Path, string[] Fields);

    private static readonly Target[] Targets =
    [
        new("/console/notices/new", "/console/notices/new?handler=", ["Text", "Revision"]),
        new("/console/notices/{id}/edit", $"/console/notices/{Sample}/edit?handler=", ["Text", "Revision"]),
        new("/console/notices/{id}", $"/console/notices/{Sample}?act=", ["Text", "Deadline", "Revision", "confirm"]),
        new("/console/notices/{id}/progress", $"/console/notices/{Sample}/progress?handler=retry&key=", ["key"]),
        new("/console/unanswered", "/console/unanswered?x=", ["Notice", "Question", "Answer"]),
        new("/console/signin", "/console/signin?returnUrl=", ["provider", "returnUrl"]),
        new("/console/audit", "/console/audit?actor=", ["actor", "action", "notice", "surface"]),
        new("/console", "/console?p=", ["product", "environment", "state", "p"]),
        new("/console/notices/{id}/preview", $"/console/notices/{Sample}/preview?x=", ["x"]),
        new("/console/notices/{id}/readiness", $"/console/notices/{Sample}/readiness?p=", ["Sort", "Dir", "Answer", "Q", "p"]),
        new("/console/{**path}", "/console/no/such/page?x=", ["x"]),
        // Last in each round: a valid sign-out ends the session, and the client signs in again.
        new("/console/signout", "/console/signout?x=", ["x"]),
    ];

    private static readonly string[] QueryValues = ["validate", "preview", "save", "publish", "cancel", "update", "reschedule", "", "%FF", new string('a', 3000)];

    [Fact]
    public async Task EveryConsoleRouteTakingABody_IsFuzzed()
    {
        await using var host = await ConsoleHost.StartAsync();
        string[] bodyMethods = ["POST", "PUT", "PATCH"];
        var mapped = host.App.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IHttpMethodMetadata>() is not { } methods
                || methods.HttpMethods.Any(m => bodyMethods.Contains(m, StringComparer.OrdinalIgnoreCase)))
            .Select(e => "/" + (e.RoutePattern.RawText ?? "").Trim('/'))
            .Where(InboundFuzzTests.IsConsoleRoute)
            .ToHashSet(StringComparer.Ordinal);

        Assert.Empty(mapped.Except(Targets.Select(t => t.Route)));
    }

    [Fact]
    public async Task MutatedForms_ToEveryConsoleRoute_NeitherFailNorLogErrors()
    {
        await using var host = await ConsoleHost.StartAsync();
        var client = await host.SignedInAsync(ConsoleHost.Support);
        var token = await TokenAsync(client);
        var random = new Random(Seed);
        var failures = new List<string>();

        for (var i = 0; i < Cases; i++)
        {
            var target = Targets[i % Targets.Length];
            var (description, content) = Mutate(random, target, token);
            var path = target.Path + Uri.EscapeDataString(QueryValues[random.Next(QueryValues.Length)]);
            using var response = await client.PostAsync(path, content, Ct);
            if ((int)response.StatusCode >= 500)
            {
                failures.Add($"case {i} ({description}) to {path}: {(int)response.StatusCode}");
            }

            if (target.Route == "/console/signout" || response.Headers.Location?.OriginalString.Contains("/console/signin", StringComparison.Ordinal) == true)
            {
                client.Dispose();
                client = await host.SignedInAsync(ConsoleHost.Support);
                token = await TokenAsync(client);
            }
        }

        client.Dispose();
        Assert.Empty(failures);
        Assert.Empty(host.Logs.Errors);
    }

    private static async Task<string> TokenAsync(HttpClient client)
    {
        using var page = await client.GetAsync($"/console/notices/{Sample}/edit", Ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        return ConsoleSignIn.AntiforgeryToken(await page.Content.ReadAsStringAsync(Ct));
    }

    private static (string Description, HttpContent Content) Mutate(Random random, Target target, string token)
    {
        string Field() => target.Fields[random.Next(target.Fields.Length)];
        var tokenPair = "__RequestVerificationToken=" + Uri.EscapeDataString(token);
        switch (random.Next(8))
        {
            case 0:
                return ("huge field", Form($"{tokenPair}&{Field()}={new string('x', random.Next(100_000, 400_000))}"));
            case 1:
                return ("invalid UTF-8", Form($"{tokenPair}&{Field()}=%FF%FE%C3%28%ED%A0%80{RandomText(random, 50)}"));
            case 2:
            {
                var whole = $"{tokenPair}&{Field()}={Uri.EscapeDataString(RandomText(random, 2000))}&{Field()}=1";
                return ("truncated", Form(whole[..random.Next(whole.Length)]));
            }
            case 3:
            {
                var bytes = new byte[random.Next(1, 20_000)];
                random.NextBytes(bytes);
                var content = new ByteArrayContent([.. Encoding.ASCII.GetBytes(tokenPair + "&"), .. bytes]);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
                return ("binary", content);
            }
            case 4:
                return ("many fields", Form(tokenPair + string.Concat(Enumerable.Range(0, 5000).Select(n => $"&{Field()}{n % 7}={n}"))));
            case 5:
            {
                var content = new StringContent($"{{\"{Field()}\": [[[[[[\"{RandomText(random, 100)}\"]]]]]]}}", Encoding.UTF8, "application/json");
                return ("json body", content);
            }
            case 6:
                return ("numbers that do not fit", Form($"{tokenPair}&Revision=99999999999999999999&p=-2147483649&{Field()}=1e309"));
            default:
                return ("random values", Form($"{tokenPair}&{Field()}={Uri.EscapeDataString(RandomText(random, 500))}&{Field()}={Uri.EscapeDataString(RandomText(random, 10))}"));
        }
    }

    private static StringContent Form(string body) => new(body, Encoding.ASCII, "application/x-www-form-urlencoded");

    private static string RandomText(Random random, int max)
    {
        const string alphabet = "abc-_ :#\n\t<>&\"'`{}[]%=+@/\\\u00e9\u2603---";
        var chars = new char[random.Next(max + 1)];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = alphabet[random.Next(alphabet.Length)];
        }

        return new string(chars);
    }
}
