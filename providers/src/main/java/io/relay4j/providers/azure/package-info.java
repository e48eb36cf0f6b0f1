/**
 * Azure OpenAI deployments: {@link io.relay4j.providers.azure.AzureOpenAiProvider}, OpenAI's chat protocol
 * addressed by deployment and API version, with the {@code api-key} header and Azure's content-filter errors.
 */
package io.relay4j.providers.azure;
