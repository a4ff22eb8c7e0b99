/**
 * The shared kernel: the few types every capability speaks in: money ({@link dev.souk.shared.Money}),
 * the page context templates are given, refusals and invalid input and the RFC 9457 problems the API
 * answers them with, and the bounds every input is checked against before it is parsed or stored
 * (text, decimals, JSON and request body sizes), and the frame of the API description. Kept
 * deliberately small.
 */
@NullMarked
package dev.souk.shared;

import org.jspecify.annotations.NullMarked;
