package dev.canopy.server.http;

import dev.canopy.api.ApiException;
import dev.canopy.api.Json;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Answers WebSocket upgrade requests with 503 and a Status. kube-apiserver serves watches over WebSockets
 * too; Canopy serves them as HTTP streams only, and 503 is the answer on which fabric8 (and client-go's
 * fallback) switch to a streaming GET.
 */
final class NoWebSockets implements Filter {
    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        if (req instanceof HttpServletRequest r && "websocket".equalsIgnoreCase(r.getHeader("Upgrade"))) {
            HttpServletResponse w = (HttpServletResponse) res;
            w.setStatus(503);
            w.setContentType("application/json");
            w.getOutputStream().write(Json.writeBytes(StatusBodies.failure(new ApiException(503, "ServiceUnavailable",
                    "WebSocket watches are not served; use a streaming GET with ?watch=true"))));
            return;
        }
        chain.doFilter(req, res);
    }
}
