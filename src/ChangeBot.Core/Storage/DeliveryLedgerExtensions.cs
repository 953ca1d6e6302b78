using ChangeBot.Core.Deliveries;

namespace ChangeBot.Core.Storage;

public static class DeliveryLedgerExtensions
{
    /// <summary>Reserves one record: true when this call inserted it, false when its key was already taken.</summary>
    public static async Task<bool> TryReserveDeliveryAsync(this IDeliveryLedger ledger, Delivery delivery, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        return await ledger.TryReserveDeliveriesAsync([delivery], ct) == 1;
    }
}
