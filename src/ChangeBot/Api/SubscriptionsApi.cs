using ChangeBot.Core.Storage;
using ChangeBot.Core.Subscriptions;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ChangeBot.Api;

internal static class SubscriptionsApi
{
    public static RouteGroupBuilder MapSubscriptionsApi(this RouteGroupBuilder api)
    {
        var subscriptions = api.MapGroup("/subscriptions").WithTags("Subscriptions");

        subscriptions.MapGet("/", async Task<Results<Ok<List<SubscriptionResponse>>, ProblemHttpResult>> (ISubscriptionStore store, string? channel, CancellationToken ct) =>
        {
            ConversationAddress? address = null;
            if (channel is not null && !TryParse(channel, out address))
            {
                return NotAChannel(channel);
            }

            var list = await store.ListSubscriptionsAsync(address, ct);
            return TypedResults.Ok(list.Select(s => new SubscriptionResponse(s.Id, s.Address.Key, s.Filters, s.CreatedBy, s.CreatedAt, s.BrokenReason)).ToList());
        }).ProducesProblem(StatusCodes.Status400BadRequest);

        // Removes a channel's subscriptions: those with exactly ?filters=a,b, or all of them.
        subscriptions.MapDelete("/{channel}", async Task<Results<Ok<OperationResponse>, ProblemHttpResult>> (string channel, string? filters, HttpContext http, SubscriptionRemoval removal, CancellationToken ct) =>
        {
            if (!TryParse(channel, out var address))
            {
                return NotAChannel(channel);
            }

            IReadOnlyList<string>? filterList = filters is null ? null : [.. filters.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
            var removed = await removal.RemoveAsync(address!, filterList, ApiActor.Of(http), ct);
            if (removed == 0)
            {
                return TypedResults.Problem($"No subscription of {channel} matched.", statusCode: StatusCodes.Status404NotFound);
            }

            return TypedResults.Ok(new OperationResponse($"Removed {removed} subscription(s)."));
        }).ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static ProblemHttpResult NotAChannel(string channel) =>
        TypedResults.Problem($"'{channel}' is not a channel key (platform:workspace:conversation).", statusCode: StatusCodes.Status400BadRequest);

    private static bool TryParse(string key, out ConversationAddress? address)
    {
        try
        {
            address = ConversationAddress.Parse(key);
            return true;
        }
        catch (FormatException)
        {
            address = null;
            return false;
        }
    }
}
