package dev.baton.orchestrator.api;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.CorsFilter;

/**
 * CORS as a servlet filter ahead of every other, when {@code baton.cors.allowed-origins} lists any.
 * First in the chain, so a preflight ({@code OPTIONS} without credentials, by the spec) is answered
 * before any authentication filter would refuse it, whether or not Spring Security is in the chain.
 */
@Configuration(proxyBeanMethods = false)
class CorsFilterConfiguration {

  @Bean
  FilterRegistrationBean<CorsFilter> corsFilter(CorsProperties properties) {
    var cors = new CorsConfiguration();
    cors.setAllowedOrigins(properties.allowedOrigins());
    cors.setAllowedMethods(properties.allowedMethods());
    cors.setAllowedHeaders(properties.allowedHeaders());
    cors.setExposedHeaders(properties.exposedHeaders());
    cors.setMaxAge(properties.maxAge());
    // API keys travel in headers, never cookies: no credentialed cross-origin requests.
    cors.setAllowCredentials(false);
    var source = new UrlBasedCorsConfigurationSource();
    source.registerCorsConfiguration("/**", cors);
    var registration = new FilterRegistrationBean<>(new CorsFilter(source));
    registration.setName("batonCorsFilter");
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
    // Registered but disabled without origins: not in the chain at all, so no header is sent.
    registration.setEnabled(properties.enabled());
    return registration;
  }
}
