package io.orator.webhooks;

import io.orator.platform.FieldError;
import io.orator.platform.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Where Orator may send a webhook: an absolute http(s) URL whose host resolves to public
 * addresses only. A callback URL is chosen by whoever submits a job, so without this rule any
 * client could make the server call its own management port, a cloud metadata service or the
 * rest of a private network. Destinations in loopback, private, link-local, carrier-grade NAT,
 * unique-local or multicast ranges are refused unless {@code orator.webhooks.allowed-destinations}
 * names their host, address or range. The check runs at submission and again before every
 * delivery, since a name may resolve elsewhere later.
 */
@ApplicationScoped
public class WebhookDestinations {

    static final int MAX_URL_LENGTH = 2_048;

    @Inject
    @ConfigProperty(name = "orator.webhooks.allowed-destinations")
    Optional<String> allowed;

    /** The URL as given, or a 422 on {@code field} saying why it cannot be a destination. */
    public String validate(String field, String url) {
        Optional<String> refused = refusal(url);
        if (refused.isPresent()) {
            throw ProblemException.invalid("Not a usable webhook URL", List.of(new FieldError(field, refused.get())));
        }
        return url;
    }

    /** Why {@code url} may not be called now, if it may not. */
    public Optional<String> refusal(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.of("is not a URL");
        }
        if (url.length() > MAX_URL_LENGTH) {
            return Optional.of("is longer than " + MAX_URL_LENGTH + " characters");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            return Optional.of("must be an absolute http or https URL");
        }
        if (uri.getRawUserInfo() != null) {
            return Optional.of("must not carry a user name or password");
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (allowedNames().contains(host)) {
            return Optional.empty();
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
        } catch (UnknownHostException e) {
            return Optional.of("names a host that does not resolve: " + host);
        }
        for (InetAddress address : addresses) {
            if (isInternal(address) && !allowedRanges().stream().anyMatch(range -> range.contains(address))) {
                return Optional.of("resolves to " + address.getHostAddress() + ", a loopback or private address;"
                        + " an operator can allow it with orator.webhooks.allowed-destinations");
            }
        }
        return Optional.empty();
    }

    private List<String> allowedNames() {
        return entries().filter(entry -> !isAddressOrRange(entry)).toList();
    }

    private List<AddressRange> allowedRanges() {
        return entries().filter(WebhookDestinations::isAddressOrRange).map(AddressRange::parse).flatMap(Optional::stream)
                .toList();
    }

    /** {@code 10.0.0.0/8}, {@code 127.0.0.1}, {@code ::1}; anything else in the list is a host name. */
    private static boolean isAddressOrRange(String entry) {
        return entry.contains("/") || entry.contains(":") || Character.isDigit(entry.charAt(0));
    }

    private java.util.stream.Stream<String> entries() {
        return Arrays.stream(allowed.orElse("").split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .map(s -> s.toLowerCase(Locale.ROOT));
    }

    static boolean isInternal(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet6Address) {
            // fc00::/7 unique-local. IPv4-mapped addresses (::ffff:a.b.c.d) never get here:
            // InetAddress turns them into the IPv4 address they carry.
            return (bytes[0] & 0xfe) == 0xfc;
        }
        int first = bytes[0] & 0xff;
        int second = bytes[1] & 0xff;
        // 100.64.0.0/10 carrier-grade NAT, 0.0.0.0/8, 192.0.0.0/24, 198.18.0.0/15 benchmarking, 240.0.0.0/4 reserved.
        return first == 100 && second >= 64 && second < 128 || first == 0 || first == 192 && second == 0 && (bytes[2] & 0xff) == 0
                || first == 198 && (second == 18 || second == 19) || first >= 240;
    }

    /** An address or a CIDR range from the allow list. */
    record AddressRange(byte[] network, int prefix) {

        static Optional<AddressRange> parse(String entry) {
            String[] parts = entry.split("/", 2);
            try {
                byte[] network = InetAddress.getByName(parts[0]).getAddress();
                int prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : network.length * 8;
                return prefix < 0 || prefix > network.length * 8 ? Optional.empty()
                        : Optional.of(new AddressRange(network, prefix));
            } catch (UnknownHostException | NumberFormatException e) {
                return Optional.empty();
            }
        }

        boolean contains(InetAddress address) {
            byte[] bytes = address.getAddress();
            if (bytes.length != network.length) {
                return false;
            }
            for (int bit = 0; bit < prefix; bit++) {
                int mask = 0x80 >>> (bit % 8);
                if ((bytes[bit / 8] & mask) != (network[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }
}
